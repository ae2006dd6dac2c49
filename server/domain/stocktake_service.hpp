// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Stock-taking: start a session over a scope, take handheld batches, finish, and class every item:
// present; missing (expected, not seen: with its last known place, or who has it checked out, which
// explains it); misplaced (seen in the scope, belongs elsewhere: and where); unknown tag (bound to no
// volume); with per-staff scan counts. Batches come only from those who take part in the session (its
// participants) and from supervisors and admins. Knows nothing of HTTP.

#include <optional>
#include <string>
#include <vector>

#include "server/domain/principal.hpp"
#include "server/store/stocktake_store.hpp"

namespace casetrail::domain {

// The roles that scan: who may upload a batch at all, and who may take part in a stock-taking.
constexpr RoleSet kScanningRoles = roles({Role::clerk, Role::case_handler, Role::supervisor, Role::admin});

struct NewScan {
    std::string epc;
    std::string location;
    store::TimePoint at;
};

class StocktakeService {
public:
    explicit StocktakeService(store::StocktakeStore& store) : store_(store) {}

    // The starter takes part, and each of `participants` (active staff whose roles scan).
    store::StocktakeRecord start(const std::string& scope, const std::string& actor,
                                 const std::optional<std::string>& note, const std::vector<std::string>& participants);
    // `oversees` (the access policy's word: a supervisor, an admin) uploads to any session; anyone else
    // only to one they take part in, or gets Forbidden and nothing is stored.
    store::BatchOutcome upload(std::int64_t id, const std::string& batch_id, const std::string& actor,
                               const std::vector<NewScan>& scans, bool oversees);
    // Only its starter adds someone to a session, or finishes it, unless `oversees`; anyone else gets
    // Forbidden. Adding someone who takes part already changes nothing.
    store::ParticipantOutcome add_participant(std::int64_t id, const std::string& login, const std::string& actor,
                                              bool oversees);
    store::StocktakeResult finish(std::int64_t id, const std::string& actor, bool oversees);
    store::StocktakeResult result(std::int64_t id);

private:
    // The session, or NotFound.
    store::StocktakeRecord session(std::int64_t id);

    store::StocktakeStore& store_;
};

// The classing itself, pure: from what was expected and what was seen.
store::StocktakeResult classify(const store::StocktakeMaterial& material);

// The result as CSV (RFC 4180, UTF-8), one line per item, with a header; no cell begins as a formula
// (common/csv_field.hpp).
std::string result_csv(const store::StocktakeResult& result);

}  // namespace casetrail::domain
