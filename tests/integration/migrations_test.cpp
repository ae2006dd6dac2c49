// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/migrations.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "common/pg/connection_pool.hpp"
#include "common/pg/store_errors.hpp"
#include "server/store/alert_rules.hpp"
#include "server/store/rule_store.hpp"
#include "tests/support/test_database.hpp"

using namespace casetrail;
using casetrail::test::TestDatabase;

namespace {
common::Logger quiet() { return common::Logger("test", common::LogLevel::error); }
}  // namespace

TEST_CASE("migrations apply to an empty database, then re-apply as a no-op", "[store][migrations]") {
    TestDatabase db(TestDatabase::Setup::empty);
    const auto& all = store::embedded_migrations();
    REQUIRE_FALSE(all.empty());
    CHECK(all.front().version == 1);

    const auto first = store::migrate(db.conninfo(), all, quiet());
    CHECK(first.applied.size() == all.size());
    CHECK(first.already_there.empty());
    CHECK(db.query_value("SELECT count(*) FROM schema_version") == std::to_string(all.size()));
    for (const char* table : {"sites", "locations", "readers", "antennas", "units", "staff", "dossiers", "volumes",
                              "tag_bindings", "location_events", "volume_locations"}) {
        CHECK(db.query_value(std::string("SELECT to_regclass('") + table + "') IS NOT NULL") == "t");
    }

    const auto second = store::migrate(db.conninfo(), all, quiet());
    CHECK(second.applied.empty());
    CHECK(second.already_there.size() == all.size());
    CHECK(db.query_value("SELECT count(*) FROM schema_version") == std::to_string(all.size()));
}

TEST_CASE("an edited applied migration is refused", "[store][migrations]") {
    TestDatabase db(TestDatabase::Setup::empty);
    const std::vector<store::Migration> v1 = {{1, "one", "CREATE TABLE t1 (x int)"}};
    store::migrate(db.conninfo(), v1, quiet());
    const std::vector<store::Migration> edited = {{1, "one", "CREATE TABLE t1 (x bigint)"}};
    CHECK_THROWS_WITH(store::migrate(db.conninfo(), edited, quiet()),
                      Catch::Contains("migration 1 (one) was applied from a different text"));
}

// REUSE-IgnoreStart (the strings below are headers under test, not this file's licence)
TEST_CASE("a licence header put on an applied migration is no edit, but any other change still is",
          "[store][migrations]") {
    TestDatabase db(TestDatabase::Setup::empty);
    const std::vector<store::Migration> before = {{1, "one", "-- the first table\nCREATE TABLE t1 (x int)"}};
    store::migrate(db.conninfo(), before, quiet());
    const std::vector<store::Migration> licensed = {
        {1, "one",
         "-- SPDX-FileCopyrightText: 2026 The Casetrail authors\n-- SPDX-License-Identifier: MulanPSL-2.0\n\n"
         "-- the first table\nCREATE TABLE t1 (x int)"}};
    CHECK(store::migrate(db.conninfo(), licensed, quiet()).already_there == std::vector<int>{1});
    const std::vector<store::Migration> edited = {
        {1, "one", "-- SPDX-License-Identifier: MulanPSL-2.0\n\n-- the first table\nCREATE TABLE t1 (x bigint)"}};
    CHECK_THROWS_WITH(store::migrate(db.conninfo(), edited, quiet()),
                      Catch::Contains("migration 1 (one) was applied from a different text"));
    // A database migrated from licensed texts records the same checksum as one migrated before the header.
    TestDatabase fresh(TestDatabase::Setup::empty);
    store::migrate(fresh.conninfo(), licensed, quiet());
    CHECK(fresh.query_value("SELECT checksum FROM schema_version") ==
          db.query_value("SELECT checksum FROM schema_version"));
}
// REUSE-IgnoreEnd

TEST_CASE("a database newer than the build is refused", "[store][migrations]") {
    TestDatabase db(TestDatabase::Setup::empty);
    const std::vector<store::Migration> two = {{1, "one", "CREATE TABLE t1 (x int)"},
                                               {2, "two", "CREATE TABLE t2 (x int)"}};
    store::migrate(db.conninfo(), two, quiet());
    const std::vector<store::Migration> one = {two[0]};
    CHECK_THROWS_WITH(store::migrate(db.conninfo(), one, quiet()), Catch::Contains("newer than this build"));
}

TEST_CASE("a failing migration leaves nothing half-applied", "[store][migrations]") {
    TestDatabase db(TestDatabase::Setup::empty);
    const std::vector<store::Migration> bad = {{1, "one", "CREATE TABLE t1 (x int); SELECT no_such_function()"}};
    CHECK_THROWS(store::migrate(db.conninfo(), bad, quiet()));
    CHECK(db.query_value("SELECT to_regclass('t1') IS NULL") == "t");
    CHECK(db.query_value("SELECT count(*) FROM schema_version") == "0");
}

TEST_CASE("migration 20 makes each earlier stock-taking's starter its one participant, in the audit trail",
          "[store][migrations][stocktake]") {
    TestDatabase db(TestDatabase::Setup::empty);
    std::vector<store::Migration> before;
    for (const auto& m : store::embedded_migrations()) {
        if (m.version < 20) before.push_back(m);
    }
    store::migrate(db.conninfo(), before, quiet());
    // Two sessions of one site: one finished, one open, in which someone else has uploaded a batch.
    db.exec(
        "INSERT INTO sites (code, name) VALUES ('S', 'Site');"
        "INSERT INTO locations (site_id, kind, code, name) SELECT id, 'room', 'R' || n, 'Room' FROM sites, "
        "generate_series(1, 2) n;"
        "INSERT INTO units (code, name, kind) VALUES ('U', 'Unit', 'bureau');"
        "INSERT INTO staff (unit_id, login, name) SELECT id, l, l FROM units, unnest('{a.one,b.two}'::text[]) l;"
        "INSERT INTO stocktakes (scope_location_id, started_by, started_at, finished_at, finished_by) "
        "SELECT l.id, s.id, '2026-11-01T08:00:00Z', '2026-11-01T09:00:00Z', s.id FROM locations l, staff s "
        "WHERE l.code = 'R1' AND s.login = 'a.one';"
        "INSERT INTO stocktakes (scope_location_id, started_by, started_at) SELECT l.id, s.id, '2026-11-02T08:00:00Z' "
        "FROM locations l, staff s WHERE l.code = 'R2' AND s.login = 'b.two';"
        "INSERT INTO stocktake_batches (stocktake_id, batch_id, staff_id, scans) "
        "SELECT st.id, 'B1', s.id, 0 FROM stocktakes st, staff s WHERE st.finished_at IS NULL AND s.login = 'a.one'");
    store::migrate(db.conninfo(), store::embedded_migrations(), quiet());
    CHECK(db.query_value("SELECT string_agg(l.code || ':' || s.login || ':' || a.login || ':' || "
                         "(p.added_at = st.started_at), ',' ORDER BY l.code) FROM stocktake_participants p "
                         "JOIN stocktakes st ON st.id = p.stocktake_id JOIN locations l ON l.id = st.scope_location_id "
                         "JOIN staff s ON s.id = p.staff_id JOIN staff a ON a.id = p.added_by") ==
          "R1:a.one:a.one:true,R2:b.two:b.two:true");
    CHECK(db.query_value("SELECT count(*) FROM audit_log WHERE action = 'stocktake_participants.insert'") == "2");
    CHECK_THROWS_WITH(db.exec("DELETE FROM stocktake_participants"), Catch::Contains("append-only"));
}

TEST_CASE("the schema's constraints guard the domain", "[store][schema]") {
    TestDatabase db(TestDatabase::Setup::seeded);
    auto fails = [&](const std::string& sql) {
        try {
            db.exec(sql);
        } catch (const std::exception&) {
            return true;
        }
        return false;
    };
    // The location tree keeps its shape: a shelf hangs under a cabinet, not a room.
    CHECK(
        fails("INSERT INTO locations (site_id, parent_id, parent_kind, kind, code, name) "
              "SELECT site_id, id, 'room', 'shelf', 'BAD-SHELF', 'x' FROM locations WHERE code = 'HQ-R1'"));
    // ...and cannot lie about its parent's kind.
    CHECK(
        fails("INSERT INTO locations (site_id, parent_id, parent_kind, kind, code, name) "
              "SELECT site_id, id, 'cabinet', 'shelf', 'BAD-SHELF', 'x' FROM locations WHERE code = 'HQ-R1'"));
    // An EPC is bound to at most one volume at a time.
    CHECK(
        fails("INSERT INTO tag_bindings (epc, volume_id) SELECT 'E28011600000000000000001', id FROM volumes "
              "WHERE id = (SELECT max(id) FROM volumes)"));
    // ...but once the old binding is closed, the tag may be re-used, keeping the history.
    db.exec("UPDATE tag_bindings SET valid_to = now() WHERE epc = 'E28011600000000000000001'");
    // A volume carries one tag at a time: dossier 0040's volume 1 already has one...
    CHECK(
        fails("INSERT INTO tag_bindings (epc, volume_id, valid_from) SELECT 'E28011600000000000000001', "
              "id, now() + interval '1 second' FROM volumes WHERE id = (SELECT max(id) FROM volumes)"));
    // ...so the freed tag goes on a new second volume of it.
    db.exec(
        "INSERT INTO volumes (dossier_id, volume_no) SELECT dossier_id, 2 FROM volumes WHERE id = (SELECT max(id) FROM volumes)");
    CHECK_FALSE(
        fails("INSERT INTO tag_bindings (epc, volume_id, valid_from) SELECT 'E28011600000000000000001', "
              "id, now() + interval '1 second' FROM volumes WHERE volume_no = 2"));
    CHECK(db.query_value("SELECT count(*) FROM tag_bindings WHERE epc = 'E28011600000000000000001'") == "2");
    CHECK(fails("INSERT INTO tag_bindings (epc, volume_id) SELECT 'not-hex', id FROM volumes LIMIT 1"));
    CHECK(
        fails("INSERT INTO dossiers (case_number, title, owning_unit_id) "
              "SELECT '2026-CR-0001', 'dup', id FROM units LIMIT 1"));
    CHECK(fails("UPDATE dossiers SET status = 'lost' WHERE case_number = '2026-CR-0001'"));
}

TEST_CASE("location events are append-only", "[store][schema]") {
    TestDatabase db(TestDatabase::Setup::seeded);
    db.exec(
        "INSERT INTO readers (code, site_id, transport, address, unit_id) SELECT 'R1', id, 'tcp', 'x:1', 1 FROM sites");
    db.exec(
        "INSERT INTO antennas (reader_id, port, location_id) SELECT r.id, 1, l.id FROM readers r, locations l "
        "WHERE l.code = 'HQ-R1-C1-S1'");
    db.exec(
        "INSERT INTO location_events (event_id, kind, epc, antenna_id, location_id, observed_at) "
        "SELECT gen_random_uuid(), 'arrived', 'ABCD', a.id, a.location_id, now() FROM antennas a");
    CHECK_THROWS_WITH(db.exec("UPDATE location_events SET epc = 'BBBB'"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(db.exec("DELETE FROM location_events"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(db.exec("TRUNCATE location_events CASCADE"), Catch::Contains("append-only"));
    CHECK(db.query_value("SELECT count(*) FROM location_events") == "1");
}

TEST_CASE("alerts name their rule from the table the server registers its rules in", "[store][schema][rules]") {
    TestDatabase db(TestDatabase::Setup::seeded);
    const auto raise = [&](const std::string& rule, const std::string& kind, int subject) {
        db.exec("INSERT INTO alerts (rule, subject_kind, subject_id, stage, summary, raised_at) VALUES ('" + rule +
                "', '" + kind + "', " + std::to_string(subject) + ", '', 'x', now())");
    };
    const auto resolve_all = [&] {
        db.exec("UPDATE alerts SET state = 'resolved', resolved_at = now(), resolution = 'cleared'");
    };
    CHECK_THROWS_WITH(raise("bogus", "volume", 1), Catch::Contains("alerts_rule_fkey"));
    // What happens to a custody period comes once: a second alert for the same subject and stage is
    // refused even after the first was resolved. A volume's condition may come back.
    raise("custody_overdue", "custody", 1);
    resolve_all();
    CHECK_THROWS_WITH(raise("custody_overdue", "custody", 1), Catch::Contains("alerts_once_idx"));
    raise("misplaced", "volume", 1);
    resolve_all();
    CHECK_NOTHROW(raise("misplaced", "volume", 1));
    // One open alert per rule and subject, whatever the kind.
    CHECK_THROWS_WITH(raise("misplaced", "volume", 1), Catch::Contains("alerts_one_open_idx"));

    // The server adds the rules it ships; a rule no longer shipped stays.
    db.exec("DELETE FROM alert_rules WHERE name = 'lost'; INSERT INTO alert_rules (name) VALUES ('retired_rule')");
    pg::ConnectionPool pool(db.conninfo(), 1);
    store::RuleStore(pool).register_rules();
    std::vector<std::string> shipped = store::alert_rule_names();
    shipped.emplace_back("retired_rule");
    std::sort(shipped.begin(), shipped.end());
    std::string expected;
    for (const auto& n : shipped) expected += (expected.empty() ? "" : ",") + n;
    CHECK(db.query_value("SELECT string_agg(name, ',' ORDER BY name) FROM alert_rules") == expected);
}
