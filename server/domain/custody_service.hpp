// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Custody as the archive lives it: a dossier checked out to a person and back, handed from one person to
// another in two steps (the giver stays responsible until the receiver confirms), and its chain of holders
// beside its location history. Knows nothing of HTTP.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "server/domain/location_service.hpp"
#include "server/store/custody_store.hpp"

namespace casetrail::domain {

struct CustodyChain {
    store::DossierRecord dossier;
    store::CustodyState state;
    std::vector<store::CustodyPeriodRecord> periods;
    std::vector<store::HandoverRecord> handovers;
};

inline constexpr std::chrono::minutes kDefaultConfirmWithin{24 * 60};

class CustodyService {
public:
    CustodyService(store::CustodyStore& store, LocationService& locations, const common::Clock& clock)
        : store_(store), locations_(locations), clock_(clock) {}

    store::CustodyPeriodRecord check_out(std::string_view ident, const std::string& holder, const std::string& purpose,
                                         store::TimePoint due_back, const std::string& actor);
    // Ends the holder's period. Only the holder checks a file in, unless `for_others` (the access policy's
    // word: a clerk of the dossier's unit, an admin); anyone else gets Forbidden.
    store::CustodyPeriodRecord check_in(std::string_view ident, const std::string& actor, bool for_others);
    store::HandoverRecord start_handover(std::string_view ident, const std::string& to,
                                         std::chrono::minutes confirm_within, const std::optional<std::string>& note,
                                         const std::string& actor);
    store::HandoverRecord confirm_handover(std::int64_t handover_id, const std::string& actor);
    store::HandoverRecord cancel_handover(std::int64_t handover_id, const std::string& actor);
    store::HandoverRecord handover(std::int64_t handover_id);
    CustodyChain chain(std::string_view ident);
    std::vector<store::HandoverRecord> open_handovers(const std::optional<std::string>& from,
                                                      const std::optional<std::string>& to, int limit) {
        return store_.open_handovers(from, to, limit);
    }
    std::vector<store::OpenCheckout> open_checkouts(const std::optional<std::string>& holder, bool overdue_only,
                                                    int limit) {
        return store_.open_checkouts(holder, overdue_only, limit);
    }
    // Records every open handover past its confirm-by time as expired; returns them (the server's sweep).
    std::vector<store::HandoverRecord> expire_overdue() { return store_.expire_overdue(); }

private:
    store::CustodyStore& store_;
    LocationService& locations_;
    const common::Clock& clock_;
};

}  // namespace casetrail::domain
