// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// What GET /api/v1/health tells: whether the database answers, and how far the server's background
// engines have come, so that monitoring sees they run and tests wait for a sweep instead of sleeping.
// Knows nothing of HTTP.

#include <cstdint>
#include <functional>

#include "common/pg/connection_pool.hpp"

namespace casetrail::domain {

struct EngineProgress {
    std::uint64_t rule_sweeps = 0;  // sweeps of every rule finished since the start
    std::uint64_t rule_steps = 0;   // steps over new location events finished since the start
    std::uint64_t rule_sweeps_started = 0, rule_steps_started = 0;  // the same begun (one may be running)
    std::uint64_t webhook_passes = 0;  // the webhook dispatcher's passes over its queue, finished
};

class HealthService {
public:
    explicit HealthService(pg::ConnectionPool& pool) : pool_(pool) {}

    bool database_reachable() { return pg::database_reachable(pool_); }

    // The daemon names where the engines' counters are read (none: all zero, as in route tests).
    void read_progress_from(std::function<EngineProgress()> progress) { progress_ = std::move(progress); }
    EngineProgress progress() const { return progress_ ? progress_() : EngineProgress{}; }

private:
    pg::ConnectionPool& pool_;
    std::function<EngineProgress()> progress_;
};

}  // namespace casetrail::domain
