// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: reader health from the running gateway, through PostgreSQL, to the API and the CLI.

#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_stack.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;

TEST_CASE("a reader's health is reported, goes offline when it vanishes, and online when it is back", "[e2e][health]") {
    GatewayStack s;
    auto cfg = nlohmann::json::parse(s.gateway_config(s.db.conninfo()));
    cfg["health_report_ms"] = 500;
    s.dir.write("gateway.json", cfg.dump());
    s.start_gateway();
    s.start_server();
    INFO(s.logs());
    auto state = [&] {
        return s.db.query_value(
            "SELECT state FROM reader_health h JOIN readers r ON r.id = h.reader_id WHERE r.code = 'R1'");
    };
    REQUIRE(wait_until([&] { return state() == "online"; }, 10s));

    const auto api = http_get(s.http_port, "/api/v1/readers");
    REQUIRE(api.status == 200);
    const auto r = nlohmann::json::parse(api.body)["readers"][0];
    CHECK(r["code"] == "R1");
    CHECK(r["antennas"] == 8);
    CHECK(r["health"]["state"] == "online");
    CHECK(r["health"]["polls"].get<int>() > 0);
    CHECK(r["health"]["latency_ms"]["p50"].is_number());
    const auto cli = run_cli({"--url=http://127.0.0.1:" + std::to_string(s.http_port), "readers"});
    CHECK(cli.status == 0);
    CHECK_THAT(cli.output, Catch::Contains("R1") && Catch::Contains("online"));

    // The reader vanishes.
    const int port = s.modbus_port;
    s.sim->kill_hard();
    REQUIRE(wait_until([&] { return state() == "offline"; }, 10s));
    CHECK_THAT(s.db.query_value("SELECT reason FROM reader_health"),
               Catch::Contains("connect_failed") || Catch::Contains("io_error") || Catch::Contains("timeout"));
    CHECK(s.gateway->running());

    // It comes back on the same port.
    auto sim_cfg = nlohmann::json::parse(std::ifstream(s.dir.file("sim.json")));
    sim_cfg["readers"][0]["tcp"]["port"] = port;
    s.dir.write("sim2.json", sim_cfg.dump());
    ChildProcess again(bin_path("casetrail-reader-sim"), {"--config", s.dir.file("sim2.json")}, s.dir.file("sim2.log"));
    REQUIRE(wait_until([&] { return state() == "online" || state() == "degraded"; }, 40s));
    CHECK(std::stoi(s.db.query_value("SELECT reconnects FROM reader_health")) >= 1);
    CHECK(s.gateway->terminate() == 0);
}
