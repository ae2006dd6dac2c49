// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A fresh PostgreSQL database per test, in the throwaway cluster tools/pgcluster started (or the server
// CASETRAIL_TEST_PG names). Dropped again when the object goes.

#include <string>

namespace casetrail::test {

// The admin connection string: $CASETRAIL_TEST_PG, else what the CTest fixture wrote.
std::string admin_conninfo();

class TestDatabase {
public:
    enum class Setup { empty, migrated, seeded };  // seeded: migrated + config/demo/seed.sql
    // In the shared test cluster, or in the cluster `admin` connects to.
    explicit TestDatabase(Setup setup = Setup::migrated, std::string admin = admin_conninfo());
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    // The owner's connection (migrations, set-up, checks behind the daemons' backs).
    const std::string& conninfo() const { return conninfo_; }
    // A login in casetrail_server / casetrail_gateway, as an administrator sets the daemons up: the
    // daemons run with these, so that every test also tests the grants.
    std::string server_conninfo() const;
    std::string gateway_conninfo() const;
    const std::string& name() const { return name_; }

    // Runs SQL (several statements allowed) and returns the first column of the first row as text
    // ("" when there is no row, "NULL" for a null).
    std::string query_value(const std::string& sql) const;
    void exec(const std::string& sql) const;

private:
    std::string admin_;
    std::string name_;
    std::string conninfo_;
};

// Runs SQL on any database (several statements allowed; outside a transaction block).
void exec_sql(const std::string& conninfo, const std::string& sql);
// The first column of the first row as text ("" when there is no row, "NULL" for a null).
std::string query_value(const std::string& conninfo, const std::string& sql);

// Replaces (or appends) user= in a key=value connection string.
std::string with_user(const std::string& conninfo, const std::string& user);

// Replaces (or appends) dbname= in a key=value connection string.
std::string with_dbname(const std::string& conninfo, const std::string& dbname);

}  // namespace casetrail::test
