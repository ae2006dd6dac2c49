// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Bulk import in PostgreSQL: staged rows, one set-based check that names every problem by line, and a
// commit that applies everything in one transaction or nothing. A problem never tells the importer more
// than they may see: a handler outside their units reads as one that does not exist, and a case number
// or tag taken by a dossier outside their units is named as taken, in words that do not depend on that
// dossier's title, handler, home, type, volumes or tags.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"

namespace casetrail::store {

struct ImportRow {
    int line = 0;
    std::optional<std::string> case_number, title, case_type, unit, handler, home, epc;
    std::optional<std::int64_t> volume;
    // What the domain found wrong with the case number when it was staged (the alphabet is code, not SQL);
    // the check reports it with the rest.
    std::optional<std::string> case_number_problem;
};

struct ImportProblem {
    int line = 0;
    std::string field;
    std::string message;
};

struct ImportSummary {
    std::int64_t id = 0;
    std::string state;  // staging | committed
    int rows = 0;
    int dossiers_created = 0, volumes_created = 0, tags_bound = 0;
    std::int64_t started_by = 0;  // staff id: an import is its starter's (and admins')
};

struct CommitOutcome {
    ImportSummary summary;
    std::vector<ImportProblem> problems;  // not empty: nothing was imported
};

class ImportStore {
public:
    explicit ImportStore(pg::ConnectionPool& pool) : pool_(pool) {}

    ImportSummary start(const std::string& actor, const std::optional<std::string>& source);
    std::optional<ImportSummary> summary(std::int64_t id);
    // StoreConflict when committed, or a line number is staged twice.
    int stage(std::int64_t id, const std::vector<ImportRow>& rows);
    std::vector<ImportProblem> check(std::int64_t id);
    // Applied as `committer`'s (the rows name them as registering and binding).
    CommitOutcome commit(std::int64_t id, const std::string& committer);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
