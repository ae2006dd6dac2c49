// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: what the smoothing core decides, through the real simulator, gateway, server and CLI: a
// dossier carried out through a doorway, and one left lying across two shelves.

#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_stack.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {

std::string kinds_of(const TestDatabase& db, const std::string& case_number) {
    return db.query_value(
        "SELECT string_agg(e.kind, ',' ORDER BY e.observed_at, e.id) FROM location_events e "
        "JOIN volumes v ON v.id = e.volume_id JOIN dossiers d ON d.id = v.dossier_id "
        "WHERE d.case_number = '" +
        case_number + "'");
}

}  // namespace

TEST_CASE("a dossier carried out through the doorway is out, and one across two shelves is between them",
          "[e2e][smoothing]") {
    GatewayStack s(admin_conninfo(), StackOptions{true, {}, {}});
    s.start_gateway();
    s.start_server();
    INFO(s.logs());
    REQUIRE(wait_until(
        [&] { return s.db.query_value("SELECT count(*) FROM volume_locations WHERE state = 'present'") == "40"; },
        20s));

    // Dossier 0001 leaves shelf 1, is carried past the inside antenna, then the outside one, and is gone.
    const auto epc1 = demo_epc(1);
    s.control("remove " + epc1);
    s.control("D1: add " + epc1 + " 1 -50");
    std::this_thread::sleep_for(700ms);
    s.control("D1: move " + epc1 + " 2");
    std::this_thread::sleep_for(700ms);
    s.control("D1: remove " + epc1);
    REQUIRE(wait_until([&] { return s.current("2026-CR-0001") == "HQ-R1/out"; }, 15s));
    const auto kinds = kinds_of(s.db, "2026-CR-0001");
    CHECK(kinds.rfind("arrived,", 0) == 0);
    CHECK(kinds.substr(kinds.size() - 10) == "passed_out");
    CHECK(kinds.find("passed_in") == std::string::npos);
    const auto evidence = nlohmann::json::parse(s.db.query_value(
        "SELECT evidence::text FROM location_events WHERE kind = 'passed_out' AND epc = '" + epc1 + "'"));
    CHECK(evidence["inside"]["reads"].get<int>() > 0);
    CHECK(evidence["outside"]["reads"].get<int>() > 0);
    CHECK(evidence["gap_ms"].get<int>() > 200);
    const auto out = nlohmann::json::parse(http_get(s.http_port, "/api/v1/dossiers/2026-CR-0001/location").body);
    CHECK(out["state"] == "out");
    CHECK(out["location"]["code"] == "HQ-R1");
    auto cli = run_cli({"--url", "http://127.0.0.1:" + std::to_string(s.http_port), "where", "2026-CR-0001"});
    CHECK(cli.status == 0);
    CHECK_THAT(cli.output, Catch::Contains("out: passed the doorway outward"));

    // Lingering inside the door is not a pass: dossier 0002 is brought to the door and back to its shelf.
    const auto epc2 = demo_epc(2);
    s.control("remove " + epc2);
    s.control("D1: add " + epc2 + " 1 -50");
    std::this_thread::sleep_for(2500ms);
    s.control("D1: remove " + epc2);
    s.control("R1: add " + epc2 + " 1");
    std::this_thread::sleep_for(2500ms);
    CHECK(kinds_of(s.db, "2026-CR-0002").find("passed") == std::string::npos);
    CHECK(s.current("2026-CR-0002") == "HQ-R1-C1-S1/present");

    // Dossier 0006 (shelf 2) is pushed across shelves 2 and 3: both hear it about as well.
    const auto epc6 = demo_epc(6);
    s.control("park " + epc6 + " 2 3");
    REQUIRE(wait_until([&] { return s.current("2026-CR-0006").find("/ambiguous") != std::string::npos; }, 15s));
    s.wait_rounds(20);  // twenty more rounds: it stays one ambiguous state
    CHECK(s.db.query_value("SELECT count(*) FROM location_events WHERE epc = '" + epc6 + "' AND kind = 'ambiguous'") ==
          "1");
    CHECK(std::stoi(s.db.query_value("SELECT count(*) FROM location_events WHERE epc = '" + epc6 +
                                     "' AND kind = 'moved'")) <= 1);
    const auto amb = nlohmann::json::parse(http_get(s.http_port, "/api/v1/dossiers/2026-CR-0006/location").body);
    CHECK(amb["state"] == "ambiguous");
    CHECK(amb["location"].is_null());
    REQUIRE(amb["candidates"].size() == 2);
    std::set<std::string> codes{amb["candidates"][0]["code"].get<std::string>(),
                                amb["candidates"][1]["code"].get<std::string>()};
    CHECK(codes == std::set<std::string>{"HQ-R1-C1-S2", "HQ-R1-C1-S3"});
    cli = run_cli({"--url", "http://127.0.0.1:" + std::to_string(s.http_port), "where", "2026-CR-0006"});
    CHECK_THAT(cli.output,
               Catch::Contains("between") && Catch::Contains("HQ-R1-C1-S2") && Catch::Contains("HQ-R1-C1-S3"));
    cli = run_cli({"--url", "http://127.0.0.1:" + std::to_string(s.http_port), "history", "2026-CR-0006"});
    CHECK_THAT(cli.output, Catch::Contains("ambiguous"));

    // Pushed fully onto shelf 3: resolved there.
    s.move(6, 3);
    REQUIRE(wait_until([&] { return s.current("2026-CR-0006") == "HQ-R1-C1-S3/present"; }, 15s));
    const auto history = nlohmann::json::parse(http_get(s.http_port, "/api/v1/dossiers/2026-CR-0006/history").body);
    CHECK(history["events"][0]["kind"] == "resolved");
    CHECK(history["events"][0]["location"]["code"] == "HQ-R1-C1-S3");
    CHECK(history["events"][0]["other"]["code"] == "HQ-R1-C1-S2");
    CHECK(history["events"][0]["evidence"]["window_rounds"].get<int>() >= 2);
    CHECK(s.gateway->terminate() == 0);
}
