// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/rules/rule_engine.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>

#include "common/pg/store_errors.hpp"

namespace casetrail::rules {

namespace {
constexpr int kEventsPerStep = 20000;
constexpr auto kGapPatience = std::chrono::minutes(1);
constexpr std::int64_t kMaxGapScan = 100000;
constexpr std::size_t kMaxGaps = 10000;
}  // namespace

RuleEngine::RuleEngine(store::RuleStore& store, const common::Clock& clock, RulesConfig cfg, std::string config_source,
                       common::Logger log, std::function<void()> on_notices)
    : store_(store), clock_(clock), cfg_(std::move(cfg)), source_(std::move(config_source)), log_(std::move(log)),
      on_notices_(std::move(on_notices)) {}

void RuleEngine::load_settings() {
    if (!rules_registered_) {
        store_.register_rules();
        rules_registered_ = true;
    }
    std::vector<UnitNode> units;
    for (const auto& u : store_.units()) units.push_back({u.id, u.parent_id, u.code});
    const auto per_unit = resolve_per_unit(cfg_, units, source_);
    // The index ranges of the deadline and misplaced rules' windows: the longest lead and grace time.
    const auto longest_lead = [](const RuleSet& r) { return r.list("deadline", "lead_days").front(); };
    const auto grace_s = [](const RuleSet& r) { return r.value("misplaced", "grace_minutes") * 60; };
    int max_lead = longest_lead(cfg_.defaults);
    int max_grace = grace_s(cfg_.defaults);
    for (const auto& [_, r] : per_unit) {
        max_lead = std::max(max_lead, longest_lead(r));
        max_grace = std::max(max_grace, grace_s(r));
    }
    auto settings = settings_rows(per_unit, cfg_.defaults).dump();
    // Changed settings (a shorter lead time, a new unit) may make due what no window would cover.
    if (settings != settings_) window_.reset();
    settings_ = std::move(settings);
    max_lead_days_ = max_lead;
    max_grace_s_ = max_grace;
}

store::EvaluationReport RuleEngine::sweep(bool full) {
    load_settings();  // units may have been added since
    if (cursor_ < 0) cursor_ = store_.last_event_id();
    const int slices = std::max(1, cfg_.full_sweep_interval_s / cfg_.sweep_interval_s);
    if (full || slices == 1) window_.reset();
    // Besides what changed, each sweep looks at one slice of everything: that catches what no window sees
    // (a dossier checked in while on a wrong shelf, one archived with open deadline alerts, a deadline
    // committed out of id order) within full_sweep_interval_s, without a sweep ever reading every row.
    if (window_) {
        window_->slices = slices;
        window_->slice = slice_;
        slice_ = (slice_ + 1) % slices;
    }
    const auto now = clock_.now();
    const bool windowed = window_.has_value();
    auto r = store_.evaluate(settings_, now, max_lead_days_, max_grace_s_, std::nullopt, window_);
    window_ = store::SweepWindow{now, r.deadline_mark, r.database_time_us, 0, 1};
    report(windowed ? "sweep" : "full sweep", r);
    return r;
}

store::EvaluationReport RuleEngine::step() {
    if (settings_.empty()) load_settings();
    if (cursor_ < 0) cursor_ = store_.last_event_id();
    const auto steady = std::chrono::steady_clock::now();
    std::erase_if(gaps_, [&](const auto& g) { return steady - g.second > kGapPatience; });
    std::vector<std::int64_t> recheck;
    for (const auto& [id, _] : gaps_) recheck.push_back(id);
    const auto events = store_.events_since(cursor_, recheck, kEventsPerStep);
    if (events.empty()) return {};
    std::set<std::int64_t> volumes;
    std::set<std::int64_t> seen;
    std::int64_t next = cursor_;
    for (const auto& [id, volume] : events) {
        seen.insert(id);
        if (volume) volumes.insert(*volume);
        next = std::max(next, id);
    }
    store::EvaluationReport r;
    if (!volumes.empty()) {
        r = store_.evaluate(settings_, clock_.now(), max_lead_days_, max_grace_s_,
                            std::vector<std::int64_t>(volumes.begin(), volumes.end()));
    }
    // Only once evaluated: a failure leaves the same events for the next step.
    for (const auto id : seen) gaps_.erase(id);
    if (next - cursor_ <= kMaxGapScan) {
        for (auto id = cursor_ + 1; id < next; ++id) {
            if (!seen.contains(id) && gaps_.size() < kMaxGaps) gaps_.emplace(id, steady);
        }
    }
    cursor_ = next;
    report("step", r);
    return r;
}

void RuleEngine::report(const char* what, const store::EvaluationReport& r) {
    if (!r.any()) return;
    log_.info("rules evaluated", {{"pass", what},
                                  {"raised", r.raised},
                                  {"cleared", r.cleared},
                                  {"escalations", r.escalated},
                                  {"notices", r.notices}});
    if (r.notices > 0 && on_notices_) on_notices_();
}

void RuleEngine::run(std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any wake;
    const auto sweep_every = std::chrono::seconds(cfg_.sweep_interval_s);
    const auto step_every = std::chrono::milliseconds(cfg_.event_poll_ms);
    auto next_sweep = std::chrono::steady_clock::now();
    bool was_down = false;
    while (!stop.stop_requested()) {
        const bool sweeping = std::chrono::steady_clock::now() >= next_sweep;
        try {
            if (sweeping) {
                ++sweeps_started_;
                sweep();
                ++sweeps_;
                next_sweep = std::chrono::steady_clock::now() + sweep_every;
            } else {
                ++steps_started_;
                step();
                ++steps_;
            }
            if (was_down) log_.info("rules running again");
            was_down = false;
        } catch (const pg::StoreUnavailable& e) {
            if (!was_down) log_.warn("rules paused: database unavailable", {{"error", e.what()}});
            was_down = true;
        } catch (const common::ConfigError& e) {
            log_.error("rules paused: configuration", {{"error", e.what()}});
            if (sweeping) next_sweep = std::chrono::steady_clock::now() + sweep_every;
        } catch (const std::exception& e) {
            log_.error(sweeping ? "rules sweep failed" : "rules step failed", {{"error", e.what()}});
            if (sweeping) next_sweep = std::chrono::steady_clock::now() + sweep_every;
        }
        std::unique_lock lock(m);
        wake.wait_for(lock, stop, was_down ? std::chrono::milliseconds(1000) : step_every, [] { return false; });
    }
}

}  // namespace casetrail::rules
