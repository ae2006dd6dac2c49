// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Custody in PostgreSQL: check-out and check-in, the two-step handover, and the chain of holders. One
// holder at a time and one open handover per dossier are held by the schema; each change is one
// transaction that locks the dossier first, so that two clerks cannot both check the same file out.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/dossier_records.hpp"

namespace casetrail::store {

// A dossier out with someone now.
struct OpenCheckout {
    std::string case_number, title;
    CustodyPeriodRecord period;
    bool overdue = false;  // past its due-back time
};

class CustodyStore {
public:
    explicit CustodyStore(pg::ConnectionPool& pool) : pool_(pool) {}

    CustodyState state(std::int64_t dossier_id);
    std::vector<CustodyPeriodRecord> periods(std::int64_t dossier_id);  // oldest first
    std::vector<HandoverRecord> handovers(std::int64_t dossier_id);     // oldest first

    // StoreConflict when someone holds it (or a handover is open); StoreUnknown for unknown logins.
    CustodyPeriodRecord check_out(std::int64_t dossier_id, const std::string& holder, const std::string& purpose,
                                  TimePoint due_back, const std::string& actor);
    // Ends the open period `expected` (the one the caller judged the actor may end). StoreConflict when
    // nobody holds it, a handover is open (confirm or cancel it first), or the open period is another
    // than `expected` by now.
    CustodyPeriodRecord check_in(std::int64_t dossier_id, const std::string& actor,
                                 std::optional<std::int64_t> expected);

    // The holder hands over to `to`; until `to` confirms, the holder stays responsible.
    HandoverRecord start_handover(std::int64_t dossier_id, const std::string& to, TimePoint confirm_by,
                                  const std::optional<std::string>& note, const std::string& actor);
    // Only the receiver confirms; only the giver (or the receiver, refusing) cancels.
    HandoverRecord confirm_handover(std::int64_t handover_id, const std::string& actor);
    HandoverRecord cancel_handover(std::int64_t handover_id, const std::string& actor);
    std::optional<HandoverRecord> handover(std::int64_t handover_id);
    // Open handovers (newest first), of one giver and/or receiver when named; at most `limit`.
    std::vector<HandoverRecord> open_handovers(const std::optional<std::string>& from,
                                               const std::optional<std::string>& to, int limit);
    // What is out now (the most overdue first), of one holder when named, or only what is overdue.
    std::vector<OpenCheckout> open_checkouts(const std::optional<std::string>& holder, bool overdue_only, int limit);

    // Records every open handover past its confirm-by time as expired (dated at that time); returns them.
    std::vector<HandoverRecord> expire_overdue();

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
