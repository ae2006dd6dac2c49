// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Plain records of stock-taking: no libpqxx, no JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/location_records.hpp"

namespace casetrail::store {

struct StocktakeRecord {
    std::int64_t id = 0;
    std::string scope;  // location code
    std::string started_by;
    TimePoint started_at;
    std::optional<TimePoint> finished_at;
    std::optional<std::string> finished_by;
    std::optional<std::string> note;
    int expected = 0;
    std::vector<std::string> participants;  // logins, in the order they were added (the starter first)
};

struct ParticipantOutcome {
    bool already_participant = false;  // they took part before: nothing was added
    StocktakeRecord session;           // with its participants
};

struct HandheldScan {
    std::string epc;       // canonical
    std::string location;  // code
    TimePoint at;
};

struct BatchOutcome {
    std::string batch_id;
    int scans = 0;
    bool already_uploaded = false;  // the same batch id was uploaded before: nothing was added
};

// One line of the result: an expected volume, or a tag seen in the scope.
struct StocktakeItem {
    std::string cls;  // present | missing | misplaced | unknown_tag
    std::optional<std::string> case_number;
    std::optional<int> volume_no;
    std::optional<std::string> epc;
    std::optional<std::string> home;     // where it belongs (location code)
    std::optional<std::string> seen_at;  // where it was seen in the scope
    std::optional<std::string> seen_by;  // "fixed reader" or the scanning staff member's login
    // missing: where it was last known, in which state, since when; or who has it checked out.
    std::optional<std::string> last_known;
    std::optional<std::string> last_state;
    std::optional<TimePoint> last_since;
    std::optional<std::string> checked_out_to;
};

struct StaffScanCount {
    std::string login;
    int scans = 0;
    int batches = 0;
};

struct StocktakeResult {
    StocktakeRecord session;
    std::vector<StocktakeItem> items;
    std::vector<StaffScanCount> by_staff;
};

}  // namespace casetrail::store
