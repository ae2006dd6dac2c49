// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Least privilege in PostgreSQL, end to end: the gateway connected as a member of casetrail_gateway and
// the server as a member of casetrail_server run the whole stack, and each is refused what is not its own
// (the gateway any dossier or person, the server any rewrite of the location or audit trail).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/time_format.hpp"
#include "tests/support/gateway_stack.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// A login user in one of the two roles, dropped again at the end.
struct LoginUser {
    std::string name;
    LoginUser(const std::string& n, const std::string& role) : name(n) {
        exec_sql(admin_conninfo(),
                 "DROP ROLE IF EXISTS \"" + name + "\"; CREATE ROLE \"" + name + "\" LOGIN IN ROLE " + role);
    }
    ~LoginUser() {
        try {
            exec_sql(admin_conninfo(), "DROP ROLE IF EXISTS \"" + name + "\"");
        } catch (...) {  // the database may still hold a session of it; the throwaway cluster goes anyway
        }
    }
};

bool refused(const std::string& conninfo, const std::string& sql) {
    try {
        exec_sql(conninfo, sql);
    } catch (const std::exception& e) {
        return std::string(e.what()).find("permission denied") != std::string::npos;
    }
    return false;
}

}  // namespace

TEST_CASE("the gateway and the server run with least privilege, and are refused the rest", "[roles][e2e]") {
    GatewayStack s;
    const LoginUser gateway_user("gw_" + s.db.name(), "casetrail_gateway");
    const LoginUser server_user("srv_" + s.db.name(), "casetrail_server");
    const auto gw = with_user(s.db.conninfo(), gateway_user.name);
    const auto srv = with_user(s.db.conninfo(), server_user.name);
    s.write_gateway_config(gw);
    s.dir.write("server.json", json{{"database", srv}, {"http", {{"port", 0}}}}.dump());
    s.start_gateway();
    s.start_server();
    INFO(s.logs());
    REQUIRE(wait_until(
        [&] { return s.db.query_value("SELECT count(*) FROM volume_locations WHERE state = 'present'") == "40"; },
        20s));
    s.move(3, 6);
    REQUIRE(wait_until([&] { return s.current("2026-CR-0003") == "HQ-R1-C2-S2/present"; }, 15s));
    CHECK(s.db.query_value("SELECT count(*) FROM reader_health") == "1");

    // The server does its work: where, a check-out (audited by the trigger as its owner), the audit check.
    CHECK(json::parse(
              http_get(s.http_port, "/api/v1/dossiers/2026-CR-0003/location").body)["volumes"][0]["location"]["code"] ==
          "HQ-R1-C2-S2");
    const auto due = casetrail::common::format_utc(std::chrono::system_clock::now() + 48h);
    CHECK(http_send(s.http_port, "POST", "/api/v1/dossiers/2026-CR-0005/checkout",
                    json{{"to", "wang.li"}, {"purpose", "hearing"}, {"due_back", due}, {"by", "liu.yang"}}.dump())
              .status == 201);
    CHECK(http_send(s.http_port, "POST", "/api/v1/dossiers/2026-CR-0005/checkin", json{{"by", "liu.yang"}}.dump())
              .status == 200);
    CHECK(s.db.query_value("SELECT actor FROM audit_log WHERE action = 'custody_periods.update'") == "liu.yang");
    CHECK(s.db.query_value("SELECT count(*) FROM audit_log WHERE action = 'antennas.insert'") != "0");
    CHECK(json::parse(http_get(s.http_port, "/api/v1/audit/verify").body)["intact"] == true);

    // The gateway's role: no person, no dossier, no rewriting the trail, no audit rows of its own.
    CHECK(refused(gw, "SELECT count(*) FROM staff"));
    CHECK(refused(gw, "UPDATE dossiers SET title = 'x'"));
    CHECK(refused(gw, "SELECT * FROM custody_periods"));
    CHECK(refused(gw, "DELETE FROM location_events"));
    CHECK(refused(
        gw,
        "INSERT INTO audit_log (seq, at, actor, action, subject, prev_hash, hash) VALUES (0, now(), 'x', 'x', 'x', 'x', 'x')"));
    // The server's role: no rewriting the location trail or the audit trail.
    CHECK(refused(srv, "UPDATE audit_log SET actor = 'x' WHERE seq = 1"));
    CHECK(refused(srv, "DELETE FROM audit_log"));
    CHECK(refused(
        srv,
        "INSERT INTO audit_log (seq, at, actor, action, subject, prev_hash, hash) VALUES (0, now(), 'x', 'x', 'x', 'x', 'x')"));
    CHECK(refused(srv, "DELETE FROM location_events"));
    CHECK(refused(srv, "UPDATE location_events SET kind = 'arrived'"));
    CHECK_FALSE(refused(srv, "SELECT count(*) FROM audit_log"));
    // Changes made by the server's role are audited with the database user when no actor is known.
    exec_sql(srv, "UPDATE dossiers SET title = 'Renamed' WHERE case_number = '2026-CR-0001'");
    CHECK(s.db.query_value("SELECT actor || ' ' || db_user FROM audit_log WHERE action = 'dossiers.update' "
                           "ORDER BY seq DESC LIMIT 1") == "db:" + server_user.name + " " + server_user.name);
    // What no code of its does: renaming a unit, deleting a period.
    CHECK(refused(srv, "UPDATE units SET name = 'Team One' WHERE code = 'CID-T1'"));
    CHECK(refused(srv, "DELETE FROM custody_periods"));
}
