// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tests/support/test_database.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

#include <pqxx/pqxx>

#include "common/json_log.hpp"
#include "server/store/migrations.hpp"

namespace casetrail::test {

namespace {
std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string seed_sql() { return read_file(std::string(CT_SOURCE_DIR) + "/config/demo/seed.sql"); }

bool database_exists(pqxx::connection& admin, const std::string& name) {
    pqxx::nontransaction tx(admin);
    return !tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name).empty();
}

// Template names carry a digest of what builds them (every migration and the seed), so that an edited
// migration builds a fresh template. (The seed's times relative to now(), tag bindings from 30 days ago
// and when dossiers were registered, only get older in a template kept on a cluster of one's own: still
// before every test's events.)
std::string template_name(TestDatabase::Setup setup) {
    std::string what = seed_sql();
    for (const auto& m : store::embedded_migrations()) what += std::string(m.name) + m.sql;
    char digest[17];
    std::snprintf(digest, sizeof digest, "%016zx", std::hash<std::string>{}(what));
    return std::string("ct_template_") + (setup == TestDatabase::Setup::seeded ? "seeded_" : "migrated_") + digest;
}

// The migrated (or seeded) template database in the cluster `admin` connects to, built once: every test
// database is a copy of it, which is much faster than migrating each anew, and the cluster-wide roles the
// migrations create are made once, not by tests racing each other.
std::string template_database(const std::string& admin, TestDatabase::Setup setup) {
    auto name = template_name(setup);
    // The seeded template is a copy of the migrated one, made before taking the lock (a session-level
    // lock the migrated template's builder would wait for).
    const auto base =
        setup == TestDatabase::Setup::seeded ? template_database(admin, TestDatabase::Setup::migrated) : std::string();
    pqxx::connection lock_conn(admin);
    if (database_exists(lock_conn, name)) return name;
    // Test processes run in parallel: one builds it, the others wait and find it there.
    pqxx::nontransaction(lock_conn).exec("SELECT pg_advisory_lock(hashtext('casetrail test templates'))");
    if (database_exists(lock_conn, name)) return name;
    const auto building = name + "_building";
    exec_sql(admin, "DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
    if (setup == TestDatabase::Setup::seeded) {
        exec_sql(admin, "CREATE DATABASE " + building + " TEMPLATE " + base);
        exec_sql(with_dbname(admin, building), seed_sql());
    } else {
        exec_sql(admin, "CREATE DATABASE " + building);
        common::Logger quiet("test", common::LogLevel::warn);
        store::migrate(with_dbname(admin, building), store::embedded_migrations(), quiet);
    }
    exec_sql(admin, "ALTER DATABASE " + building + " RENAME TO " + name);
    // Templates of other schemas stay: another build may be copying one right now. The throwaway cluster
    // goes with its run; on a cluster of one's own they are ct_template_* (drop them at leisure).
    return name;
}
}  // namespace

std::string admin_conninfo() {
    if (const char* env = std::getenv("CASETRAIL_TEST_PG"); env && *env) return env;
    std::ifstream in(CT_TEST_PG_FILE);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) {
        throw std::runtime_error(std::string("no test PostgreSQL: run the tests through ctest (which starts one), or "
                                             "set CASETRAIL_TEST_PG; looked for ") +
                                 CT_TEST_PG_FILE);
    }
    return line;
}

std::string with_dbname(const std::string& conninfo, const std::string& dbname) {
    static const std::regex db("dbname=\\S+");
    if (std::regex_search(conninfo, db)) return std::regex_replace(conninfo, db, "dbname=" + dbname);
    return conninfo + " dbname=" + dbname;
}

TestDatabase::TestDatabase(Setup setup, std::string admin) : admin_(std::move(admin)) {
    static std::atomic<int> counter{0};
    name_ = "ct_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    exec_sql(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    // The template pays off in the shared cluster, where every test copies it; a cluster of a test's own
    // (the outage tests) holds one database, migrated directly.
    const bool shared = admin_ == admin_conninfo();
    const auto from =
        setup == Setup::empty || !shared ? std::string() : " TEMPLATE " + template_database(admin_, setup);
    exec_sql(admin_, "CREATE DATABASE " + name_ + from);
    conninfo_ = with_dbname(admin_, name_);
    if (setup == Setup::empty || shared) return;
    common::Logger quiet("test", common::LogLevel::warn);
    store::migrate(conninfo_, store::embedded_migrations(), quiet);
    if (setup == Setup::seeded) exec(seed_sql());
}

TestDatabase::~TestDatabase() {
    try {
        exec_sql(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
        // The cluster is thrown away after the run; a database left behind harms nothing.
    }
}

namespace {
// A login user in `role`, made if the cluster has none yet (role names are cluster-wide; parallel tests race).
std::string role_login(const std::string& admin, const std::string& role) {
    auto login = "ct_test_" + role.substr(std::string("casetrail_").size());
    exec_sql(admin, "DO $$ BEGIN CREATE ROLE " + login + " LOGIN IN ROLE " + role +
                        "; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
    return login;
}
}  // namespace

std::string TestDatabase::server_conninfo() const {
    return with_user(conninfo_, role_login(admin_, "casetrail_server"));
}

std::string TestDatabase::gateway_conninfo() const {
    return with_user(conninfo_, role_login(admin_, "casetrail_gateway"));
}

std::string with_user(const std::string& conninfo, const std::string& user) {
    static const std::regex re("user=\\S+");
    if (std::regex_search(conninfo, re)) return std::regex_replace(conninfo, re, "user=" + user);
    return conninfo + " user=" + user;
}

std::string TestDatabase::query_value(const std::string& sql) const { return test::query_value(conninfo_, sql); }

void TestDatabase::exec(const std::string& sql) const { exec_sql(conninfo_, sql); }

std::string query_value(const std::string& conninfo, const std::string& sql) {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    const auto r = tx.exec(sql);
    if (r.empty()) return "";
    return r[0][0].is_null() ? "NULL" : r[0][0].as<std::string>();
}

void exec_sql(const std::string& conninfo, const std::string& sql) {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    tx.exec(sql);
}

}  // namespace casetrail::test
