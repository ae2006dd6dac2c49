// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The rules, set-based in PostgreSQL: each rule raises the alerts whose condition holds (one open per
// rule and subject) and clears those whose condition no longer does; then escalation, and the notices
// to the people concerned, all in one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/alert_records.hpp"

namespace casetrail::store {

class RuleStore {
public:
    explicit RuleStore(pg::ConnectionPool& pool) : pool_(pool) {}

    std::vector<UnitRow> units();

    // Adds the rules this build ships (server/store/alert_rules) to the table of rule names alerts refer
    // to; a rule no longer shipped keeps its row.
    void register_rules();

    // The newest location event's id (0 when there is none).
    std::int64_t last_event_id();
    // The events (id, volume) after `cursor` (at most `limit`), and those of the ids in `also` that exist
    // now (ids skipped earlier because their transaction had not committed yet).
    std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> events_since(
        std::int64_t cursor, const std::vector<std::int64_t>& also, int limit);

    // Every rule of alert_rules() in turn, then the notices and escalation, in one transaction.
    // `settings`: rows for jsonb_to_recordset (see rules::settings_rows); `max_lead_days`, `max_grace_s`:
    // the longest deadline lead time and misplaced grace of any unit. `volumes`: evaluate only the rules
    // about where volumes are, for these volumes (the incremental step); nullopt: every rule (a sweep).
    // `window`: the previous sweep's time and deadline mark: the deadline and misplaced rules look only at
    // what crossed a lead or grace time since, and at deadlines registered since (index ranges, not every
    // row), plus one slice of all rows; nullopt: at everything.
    EvaluationReport evaluate(const std::string& settings, TimePoint now, int max_lead_days, int max_grace_s,
                              const std::optional<std::vector<std::int64_t>>& volumes,
                              const std::optional<SweepWindow>& window = std::nullopt);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
