// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Bulk import: an import is started, its rows staged in chunks (each with its line in the source file),
// checked as a whole (every problem by line: the dry run), and committed all or nothing. Re-importing a
// file that was imported changes nothing. Knows nothing of HTTP or of file encodings (the client sends
// UTF-8 rows).

#include <optional>
#include <string>
#include <vector>

#include "server/store/import_store.hpp"

namespace casetrail::domain {

inline constexpr std::size_t kMaxRowsPerChunk = 5000;

class ImportService {
public:
    explicit ImportService(store::ImportStore& store) : store_(store) {}

    store::ImportSummary start(const std::string& actor, const std::optional<std::string>& source);
    store::ImportSummary summary(std::int64_t id);
    // Each row's case number is held to the alphabet of registering (input_checks.hpp) here; what is
    // wrong with it is reported by the check, by line, with the rest.
    int stage(std::int64_t id, std::vector<store::ImportRow> rows);
    std::vector<store::ImportProblem> check(std::int64_t id);
    // Throws ImportRefused (a Conflict) carrying the problems when there are any: nothing is imported.
    store::ImportSummary commit(std::int64_t id, const std::string& committer);

private:
    store::ImportStore& store_;
};

}  // namespace casetrail::domain
