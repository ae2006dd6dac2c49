#include "tests/support/test_database.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
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
}  // namespace

std::string admin_conninfo() {
    if (const char* env = std::getenv("CASETRAIL_TEST_PG"); env && *env) return env;
    std::ifstream in(CT_TEST_PG_FILE);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) {
        throw std::runtime_error(std::string("no test PostgreSQL: run the tests through ctest (which starts one), or "
                                             "set CASETRAIL_TEST_PG; looked for ") + CT_TEST_PG_FILE);
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
    exec_sql(admin_, "CREATE DATABASE " + name_);
    conninfo_ = with_dbname(admin_, name_);
    if (setup == Setup::empty) return;
    common::Logger quiet("test", common::LogLevel::warn);
    store::migrate(conninfo_, store::embedded_migrations(), quiet);
    if (setup == Setup::seeded) exec(read_file(std::string(CT_SOURCE_DIR) + "/config/demo/seed.sql"));
}

TestDatabase::~TestDatabase() {
    try {
        exec_sql(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
        // The cluster is thrown away after the run; a database left behind harms nothing.
    }
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
