// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Numbered SQL migrations (schema/NNNN_name.sql), embedded in the binary at build time and applied in
// order, each in its own transaction, recorded in schema_version. Re-running applies nothing new.

#include <string>
#include <vector>

#include "common/json_log.hpp"

namespace casetrail::store {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// All migrations shipped with this build, in version order (generated from schema/).
const std::vector<Migration>& embedded_migrations();

struct MigrationReport {
    std::vector<int> applied;        // versions applied by this run
    std::vector<int> already_there;  // versions found applied before
};

// Applies what is missing. Concurrent runs are serialised by an advisory lock. Throws StoreMismatch when
// an applied migration's text differs from the shipped one, or the database is newer than this build.
MigrationReport migrate(const std::string& conninfo, const std::vector<Migration>& migrations,
                        const common::Logger& log);

}  // namespace casetrail::store
