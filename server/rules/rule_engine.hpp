// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Runs the rules: a step every few hundred milliseconds over the location events that arrived since the
// last one (the rules about where volumes are, for those volumes only), and a sweep of every rule at the
// configured interval (the time-driven ones: deadlines, grace times, custody, readers, escalation).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>

#include "common/clock.hpp"
#include "common/json_log.hpp"
#include "server/rules/rule_settings.hpp"
#include "server/store/rule_store.hpp"

namespace casetrail::rules {

class RuleEngine {
public:
    // `on_notices` is called (on the engine's thread) after a step or sweep wrote notices.
    RuleEngine(store::RuleStore& store, const common::Clock& clock, RulesConfig cfg, std::string config_source,
               common::Logger log, std::function<void()> on_notices);

    // Registers the shipped rules (once), resolves the settings per unit; throws common::ConfigError when an
    // override names no unit.
    void load_settings();
    // Every rule, now: over what changed since the previous sweep and one slice of everything (so that all
    // of it is looked at within full_sweep_interval_s), or over everything at once (`full`, and at the
    // first sweep).
    store::EvaluationReport sweep(bool full = false);
    // The rules about where volumes are, for the volumes of events since the last step.
    store::EvaluationReport step();

    // Sweeps at start, then steps and sweeps until `stop`; database outages are logged and waited out.
    void run(std::stop_token stop);
    // Sweeps and steps run() has begun and finished (read from any thread).
    std::uint64_t sweeps_started() const { return sweeps_started_.load(); }
    std::uint64_t sweeps_done() const { return sweeps_.load(); }
    std::uint64_t steps_started() const { return steps_started_.load(); }
    std::uint64_t steps_done() const { return steps_.load(); }

private:
    void report(const char* what, const store::EvaluationReport& r);

    store::RuleStore& store_;
    const common::Clock& clock_;
    RulesConfig cfg_;
    std::string source_;
    common::Logger log_;
    std::function<void()> on_notices_;
    std::string settings_;
    int max_lead_days_ = 0;
    int max_grace_s_ = 0;
    std::optional<store::SweepWindow> window_;  // after a sweep: what the next one may skip
    int slice_ = 0;
    std::int64_t cursor_ = -1;  // -1: not read yet
    // Ids below the cursor not seen yet: the gateway's writers commit concurrently, so a smaller id can
    // become visible after a larger one. Looked for again until they appear or a minute has passed
    // (an id can also be lost to a rolled-back insert).
    std::map<std::int64_t, std::chrono::steady_clock::time_point> gaps_;
    std::atomic<std::uint64_t> sweeps_started_{0}, sweeps_{0}, steps_started_{0}, steps_{0};
    bool rules_registered_ = false;  // the shipped rules are in the table alerts name them from
};

}  // namespace casetrail::rules
