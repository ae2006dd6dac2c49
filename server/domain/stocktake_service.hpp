// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Stock-taking: start a session over a scope, take handheld batches, finish, and class every item:
// present; missing (expected, not seen: with its last known place, or who has it checked out, which
// explains it); misplaced (seen in the scope, belongs elsewhere: and where); unknown tag (bound to no
// volume); with per-staff scan counts. Knows nothing of HTTP.

#include <optional>
#include <string>
#include <vector>

#include "server/store/stocktake_store.hpp"

namespace casetrail::domain {

struct NewScan {
    std::string epc;
    std::string location;
    store::TimePoint at;
};

class StocktakeService {
public:
    explicit StocktakeService(store::StocktakeStore& store) : store_(store) {}

    store::StocktakeRecord start(const std::string& scope, const std::string& actor,
                                 const std::optional<std::string>& note);
    store::BatchOutcome upload(std::int64_t id, const std::string& batch_id, const std::string& actor,
                               const std::vector<NewScan>& scans);
    // Only its starter finishes a session, unless `for_others` (the access policy's word: a supervisor,
    // an admin); anyone else gets Forbidden.
    store::StocktakeResult finish(std::int64_t id, const std::string& actor, bool for_others);
    store::StocktakeResult result(std::int64_t id);

private:
    store::StocktakeStore& store_;
};

// The classing itself, pure: from what was expected and what was seen.
store::StocktakeResult classify(const store::StocktakeMaterial& material);

// The result as CSV (RFC 4180, UTF-8), one line per item, with a header; no cell begins as a formula
// (common/csv_field.hpp).
std::string result_csv(const store::StocktakeResult& result);

}  // namespace casetrail::domain
