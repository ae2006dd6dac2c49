// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Plain records of alerts, their notices and deliveries: no libpqxx, no JSON library (details stay text).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/store/location_records.hpp"

namespace casetrail::store {

struct AlertRecord {
    std::int64_t id = 0;
    std::string rule, stage, state, subject_kind;
    std::int64_t subject_id = 0;
    std::optional<std::string> case_number, reader, unit;
    std::string summary;
    std::string details;  // a JSON object, as text
    TimePoint raised_at;
    std::optional<TimePoint> escalated_at, acknowledged_at, resolved_at;
    std::optional<std::string> acknowledged_by, resolved_by, resolution, note;
};

// One alert reaching one person: raised, escalated (to a supervisor) or resolved.
struct NoticeRecord {
    std::int64_t id = 0;
    std::string kind;
    std::string recipient;  // login
    TimePoint at;
    AlertRecord alert;
};

struct DeliveryRecord {
    std::int64_t notice_id = 0;
    std::string channel, target, outcome;
    int attempt = 0;
    std::optional<std::string> detail;
    TimePoint at;
};

struct AlertFilter {
    std::optional<std::string> recipient;  // alerts with a notice to this login
    std::optional<std::string> state;      // open | acknowledged | resolved | active (not resolved)
    std::optional<std::string> rule;
    std::optional<std::string> case_number;
    std::optional<std::int64_t> before_id;  // paging, newest first
    int limit = 100;
};

struct UnitRow {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent_id;
    std::string code;
};

// What a sweep looked at before: its time, and the newest deadline it saw.
struct SweepWindow {
    TimePoint from;
    std::int64_t deadline_id_after = 0;
    std::int64_t database_time_us = 0;  // PostgreSQL's own clock then (deadlines are met in it)
    // And one slice of everything (ids modulo `slices`), so that a full pass is spread over `slices` sweeps.
    int slice = 0;
    int slices = 1;
};

// What one evaluation did.
struct EvaluationReport {
    std::int64_t deadline_mark = 0;      // sweeps: the newest deadline id there was
    std::int64_t database_time_us = 0;   // sweeps: PostgreSQL's time at the start
    std::map<std::string, int> raised;   // by rule
    std::map<std::string, int> cleared;  // by rule
    int escalated = 0;
    int notices = 0;
    bool any() const { return notices > 0 || !raised.empty() || !cleared.empty() || escalated > 0; }
};

struct QueuedWebhook {
    int attempts = 0;
    NoticeRecord notice;
};

}  // namespace casetrail::store
