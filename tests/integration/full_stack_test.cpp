// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: the real simulator, gateway and server processes against a real PostgreSQL.

#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_stack.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;

using Stack = GatewayStack;

TEST_CASE("a tag moved in the simulator moves its dossier in the database and in the API", "[e2e]") {
    Stack s;
    s.start_gateway();
    INFO(s.logs());

    // The first rounds see every tag on its home shelf.
    REQUIRE(wait_until(
        [&] { return s.db.query_value("SELECT count(*) FROM volume_locations WHERE state = 'present'") == "40"; },
        20s));
    CHECK(s.events() == 40);
    CHECK(s.current("2026-CR-0003") == "HQ-R1-C1-S1/present");

    // Move dossier 0003 to antenna 6 (cabinet 2, shelf 2).
    REQUIRE(sim_control(s.control_port, "move " + demo_epc(3) + " 6") == "ok\n");
    REQUIRE(wait_until([&] { return s.current("2026-CR-0003") == "HQ-R1-C2-S2/present"; }, 10s));
    s.wait_rounds(10);  // ten more poll rounds: nothing else may happen
    CHECK(s.events() == 41);
    CHECK(s.events_of("2026-CR-0003") == 2);
    CHECK(s.db.query_value("SELECT kind FROM location_events ORDER BY id DESC LIMIT 1") == "moved");

    // The API answers the same thing.
    s.start_server();
    const auto where = http_get(s.http_port, "/api/v1/dossiers/2026-CR-0003/location");
    REQUIRE(where.status == 200);
    const auto j = nlohmann::json::parse(where.body);
    CHECK(j["location"]["code"] == "HQ-R1-C2-S2");
    CHECK(j["location"]["cabinet"] == "Cabinet 2");
    CHECK(j["location"]["shelf"] == "Shelf 2");
    CHECK(j["location"]["site"] == "Central Archive");
    CHECK(j["last_seen"]["reader"] == "R1");
    CHECK(j["last_seen"]["antenna"] == 6);
    CHECK(j["state"] == "present");
    CHECK(j["since"].is_string());
    CHECK(j["dossier"]["home"]["code"] == "HQ-R1-C1-S1");
    const auto by_epc = http_get(s.http_port, "/api/v1/dossiers/" + demo_epc(3) + "/location");
    REQUIRE(by_epc.status == 200);
    CHECK(nlohmann::json::parse(by_epc.body)["matched_by"] == "epc");
    CHECK(nlohmann::json::parse(by_epc.body)["location"]["code"] == "HQ-R1-C2-S2");

    const auto history = nlohmann::json::parse(http_get(s.http_port, "/api/v1/dossiers/2026-CR-0003/history").body);
    REQUIRE(history["events"].size() == 2);
    CHECK(history["events"][0]["kind"] == "moved");  // newest first
    CHECK(history["events"][0]["from"]["code"] == "HQ-R1-C1-S1");
    CHECK(history["events"][1]["kind"] == "arrived");
    // Paging: one at a time, the cursor leads to the older one.
    const auto page1 =
        nlohmann::json::parse(http_get(s.http_port, "/api/v1/dossiers/2026-CR-0003/history?limit=1").body);
    REQUIRE(page1["events"].size() == 1);
    REQUIRE(page1["next_before"].is_number());
    const auto page2 =
        nlohmann::json::parse(http_get(s.http_port, "/api/v1/dossiers/2026-CR-0003/history?limit=1&before=" +
                                                        std::to_string(page1["next_before"].get<long long>()))
                                  .body);
    REQUIRE(page2["events"].size() == 1);
    CHECK(page2["events"][0]["kind"] == "arrived");
    CHECK(page2["next_before"].is_null());

    // A dossier carried out of coverage departs.
    REQUIRE(sim_control(s.control_port, "remove " + demo_epc(27)) == "ok\n");
    REQUIRE(wait_until([&] { return s.current("2026-CR-0027") == "HQ-R1-C2-S2/absent"; }, 10s));
    CHECK(nlohmann::json::parse(http_get(s.http_port, "/api/v1/dossiers/2026-CR-0027/location").body)["state"] ==
          "absent");

    // The CLI, black-box.
    const std::string url = "--url=http://127.0.0.1:" + std::to_string(s.http_port);
    auto cli = run_cli({url, "where", "2026-CR-0003"}, {"TZ=UTC"});
    CHECK(cli.status == 0);
    CHECK_THAT(cli.output, Catch::Contains("Central Archive / Archive Room 1 / Cabinet 2 / Shelf 2"));
    CHECK_THAT(cli.output, Catch::Contains("reader R1, antenna 6"));
    cli = run_cli({url, "history", demo_epc(3)}, {"TZ=UTC"});
    CHECK(cli.status == 0);
    CHECK_THAT(cli.output, Catch::Contains("moved     HQ-R1-C1-S1 -> HQ-R1-C2-S2"));
    cli = run_cli({url, "where", "2099-XX-9999"});
    CHECK(cli.status == 1);
    CHECK_THAT(cli.output, Catch::Contains("no dossier has the case number or tag"));

    // A gateway restart starts from the database's picture: no spurious events.
    const int before_restart = s.events();
    CHECK(s.gateway->terminate() == 0);
    s.start_gateway();
    s.wait_rounds(10);
    CHECK(s.events() == before_restart);

    // Moves while it runs are still seen after the restart.
    REQUIRE(sim_control(s.control_port, "move " + demo_epc(3) + " 1") == "ok\n");
    REQUIRE(wait_until([&] { return s.current("2026-CR-0003") == "HQ-R1-C1-S1/present"; }, 10s));

    CHECK(s.gateway->terminate() == 0);
    CHECK(s.server->terminate() == 0);
    CHECK(s.sim->terminate() == 0);
}

TEST_CASE("a gateway started before its database waits for it, then catches up", "[e2e]") {
    Stack s;
    const std::string late = s.db.name() + "_late";
    const std::string late_conninfo = with_dbname(admin_conninfo(), late);
    s.dir.write("gateway.json", s.gateway_config(late_conninfo));
    ChildProcess gw(bin_path("casetrail-gateway"), {"--config", s.dir.file("gateway.json")}, s.dir.file("gw.log"));
    REQUIRE(wait_until([&] { return gw.log().find("waiting for the database") != std::string::npos; }, 10s));
    CHECK(gw.running());

    // The database appears (a copy of the seeded one): the gateway registers and sees every tag.
    exec_sql(admin_conninfo(), "CREATE DATABASE " + late + " TEMPLATE " + s.db.name());
    INFO(gw.log());
    const bool caught_up = wait_until(
        [&] {
            return query_value(late_conninfo, "SELECT count(*) FROM volume_locations WHERE state = 'present'") == "40";
        },
        20s);
    CHECK(caught_up);
    CHECK(gw.terminate() == 0);
    exec_sql(admin_conninfo(), "DROP DATABASE IF EXISTS " + late + " WITH (FORCE)");
}

TEST_CASE("the gateway refuses a config whose locations the database does not know", "[e2e]") {
    Stack s;
    auto cfg = nlohmann::json::parse(s.gateway_config(s.db.conninfo()));
    cfg["readers"][0]["antennas"]["3"] = "HQ-R9-C9-S9";
    s.dir.write("gateway.json", cfg.dump());
    ChildProcess gw(bin_path("casetrail-gateway"), {"--config", s.dir.file("gateway.json")}, s.dir.file("gw.log"));
    CHECK(gw.wait_exit(15s) == 2);
    CHECK_THAT(gw.log(),
               Catch::Contains("reader R1 antenna 3: location code \\\"HQ-R9-C9-S9\\\" is not in the database"));
    CHECK(s.db.query_value("SELECT count(*) FROM readers") == "0");  // nothing half-registered
}
