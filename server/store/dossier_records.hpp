// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Plain records of the dossier register and custody: no libpqxx, no JSON.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/location_records.hpp"

namespace casetrail::store {

struct UnitRecord {
    std::string code;
    std::string name;
    std::string kind;                   // bureau | station | team
    std::optional<std::string> parent;  // its code
};

struct StaffRecord {
    std::string login;
    std::string name;
    std::string unit;  // its code
    bool active = true;
    std::vector<std::string> roles;
};

struct DeadlineRecord {
    std::int64_t id = 0;
    std::string kind;
    TimePoint due_at;
    std::optional<std::string> note;
    std::optional<TimePoint> met_at;
    std::optional<std::string> met_by;
};

struct TransitionRecord {
    std::string from_status, to_status, actor;
    TimePoint at;
    std::optional<std::string> note;
};

struct BindingRecord {
    int volume_no = 0;
    std::string epc;
    TimePoint valid_from;
    std::optional<TimePoint> valid_to;
    std::optional<std::string> bound_by, unbound_by;
};

// What the register holds about a dossier beyond where it is.
struct DossierDetail {
    DossierRecord dossier;
    std::string case_type;
    std::string unit_code;
    std::optional<std::string> handler_login;
    TimePoint registered_at, status_since;
    std::vector<DeadlineRecord> deadlines;
};

struct NewDeadline {
    std::string kind;
    TimePoint due_at;
    std::optional<std::string> note;
};

struct NewDossier {
    std::string case_number, title, case_type = "general", unit;
    std::optional<std::string> handler, home;  // staff login, location code
    int volumes = 1;
    std::vector<NewDeadline> deadlines;
    std::string actor;  // staff login
};

struct DossierQuery {
    std::vector<std::string> title_words;    // each must appear in the title (any case)
    std::optional<std::string> case_number;  // a part of the case number
    std::optional<std::string> handler;      // staff login
    std::optional<std::string> unit;         // the unit or any unit below it
    std::optional<std::string> status;
    std::optional<std::string> location;  // a volume is now at this place or under it
    std::optional<std::string> after;     // cursor: the last case number of the previous page
    int limit = 50;
    // Who asks may see only these units' dossiers (none: all), and those this person holds.
    std::optional<std::vector<std::string>> scope_units;
    std::optional<std::int64_t> scope_holder;
};

struct DossierHit {
    std::string case_number, title, case_type, status, unit_code;
    std::optional<std::string> handler_login;
    std::optional<std::string> home;  // location code
    std::vector<std::string> now_at;  // where its volumes are now (codes)
};

struct DossierPage {
    std::vector<DossierHit> dossiers;
    std::optional<std::string> next;  // pass as `after` for the next page
};

// Custody -------------------------------------------------------------------------------------------

struct CustodyPeriodRecord {
    std::int64_t id = 0;
    std::string holder;  // login
    std::string holder_name;
    std::string began_by;  // checkout | handover
    std::optional<std::string> purpose;
    std::optional<TimePoint> due_back;
    TimePoint from_at;
    std::optional<TimePoint> to_at;
    std::string opened_by;
    std::optional<std::string> closed_by, ended_by;
};

struct HandoverRecord {
    std::int64_t id = 0;
    std::string case_number;
    std::string from, to;  // logins
    TimePoint initiated_at, confirm_by;
    std::optional<std::string> note;
    std::optional<std::string> outcome;  // confirmed | cancelled | expired; none while open
    std::optional<TimePoint> outcome_at;
    std::optional<std::string> outcome_by;
};

// Who has the dossier now: nobody (in the archive), a holder, and a handover waiting for confirmation.
struct CustodyState {
    std::optional<CustodyPeriodRecord> current;
    std::optional<HandoverRecord> open_handover;
};

}  // namespace casetrail::store
