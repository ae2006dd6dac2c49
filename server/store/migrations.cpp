// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/migrations.hpp"

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/pg/connection.hpp"

namespace casetrail::store {

namespace {

// Any constant unique to Casetrail; all migrators of one database take the same lock.
constexpr long long kMigrationLock = 0x43415345'54524149LL;

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
    version     integer PRIMARY KEY CHECK (version > 0),
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
))sql";

// Any login can take an advisory lock: a migrator held up by one gives up after a minute, saying so.
constexpr const char* kLockTimeout = "SET LOCAL lock_timeout = '60s'";
constexpr const char* kLock = "SELECT pg_advisory_xact_lock($1)";
constexpr const char* kApplied = "SELECT version, checksum FROM schema_version ORDER BY version";
constexpr const char* kRecord = "INSERT INTO schema_version (version, name, checksum) VALUES ($1, $2, md5($3))";
constexpr const char* kChecksum = "SELECT md5($1)";

// The licence header (SPDX lines and the blank line after them) was put on migrations already applied
// in the field; it is no part of the schema, so the checksum covers only what follows it.
std::string checksummed_text(std::string_view sql) {
    constexpr std::string_view kSpdx = "-- SPDX-";
    bool stripped = false;
    while (sql.starts_with(kSpdx)) {
        const auto end = sql.find('\n');
        sql.remove_prefix(end == std::string_view::npos ? sql.size() : end + 1);
        stripped = true;
    }
    if (stripped && sql.starts_with('\n')) sql.remove_prefix(1);
    return std::string(sql);
}

}  // namespace

MigrationReport migrate(const std::string& conninfo, const std::vector<Migration>& migrations,
                        const common::Logger& log) {
    pg::Connection pg(conninfo);
    auto& conn = pg.get();
    MigrationReport report;
    try {
        {
            pqxx::work tx(conn);
            tx.exec(kLockTimeout);
            tx.exec_params(kLock, kMigrationLock);
            tx.exec(kCreateVersionTable);
            tx.commit();
        }
        for (const auto& m : migrations) {
            pqxx::work tx(conn);
            tx.exec(kLockTimeout);
            tx.exec_params(kLock, kMigrationLock);
            int newest = 0;
            std::string applied_checksum;
            for (const auto& row : tx.exec(kApplied)) {
                const int v = row[0].as<int>();
                newest = std::max(newest, v);
                if (v == m.version) applied_checksum = row[1].as<std::string>();
            }
            if (newest > migrations.back().version) {
                throw pg::StoreMismatch("the database has schema version " + std::to_string(newest) +
                                        ", newer than this build knows (" + std::to_string(migrations.back().version) +
                                        "): upgrade Casetrail");
            }
            if (!applied_checksum.empty()) {
                const auto shipped = tx.exec_params1(kChecksum, checksummed_text(m.sql))[0].as<std::string>();
                if (shipped != applied_checksum) {
                    throw pg::StoreMismatch("migration " + std::to_string(m.version) + " (" + m.name +
                                            ") was applied from a different text: applied migrations must never be "
                                            "edited; add a new one instead");
                }
                report.already_there.push_back(m.version);
                continue;
            }
            tx.exec(m.sql);
            tx.exec_params(kRecord, m.version, std::string(m.name), checksummed_text(m.sql));
            tx.commit();
            report.applied.push_back(m.version);
            log.info("migration applied", {{"version", m.version}, {"name", m.name}});
        }
    } catch (const pqxx::broken_connection& e) {
        throw pg::StoreUnavailable(std::string("database connection lost during migration: ") + e.what());
    }
    return report;
}

}  // namespace casetrail::store
