// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Every shipped register profile, end to end: simulated readers serving it over Modbus/TCP and over RTU
// (a socat pty pair), the gateway reading it, PostgreSQL holding the result. A profile added to
// config/readers/ is covered without touching this test.

#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "firmware-bridge/profiles/profile.hpp"
#include "tests/support/gateway_stack.hpp"

using namespace casetrail;
using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> shipped_profiles() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(std::string(CT_SOURCE_DIR) + "/config/readers")) {
        if (e.path().extension() == ".json") out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("every shipped profile round-trips simulator -> gateway -> PostgreSQL over TCP and RTU",
          "[e2e][profiles][rtu]") {
    const auto profiles = shipped_profiles();
    REQUIRE_FALSE(profiles.empty());
    for (const auto& path : profiles) {
        DYNAMIC_SECTION(std::filesystem::path(path).filename().string()) {
            const auto profile = bridge::load_profile(path);
            const int antennas =
                profile.identity.antenna_count_offset ? 4 : std::min<int>(4, profile.identity.antenna_count_fixed);
            TestDatabase db{TestDatabase::Setup::seeded};
            TempDir dir;
            const auto a = dir.file("bus-a"), b = dir.file("bus-b");
            ChildProcess socat("/usr/bin/socat", {"pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b},
                               dir.file("socat.log"));
            REQUIRE(wait_until([&] { return std::filesystem::exists(a) && std::filesystem::exists(b); }, 5s));

            // As many tags as the reader reports in one round (a single-tag reader: one).
            const int per_reader = std::min<int>(10, profile.list.capacity);
            const std::string present = std::to_string(2 * per_reader);
            auto tags = [&](int first) {
                nlohmann::json t = nlohmann::json::array();
                for (int n = first; n < first + per_reader; ++n)
                    t.push_back({{"epc", demo_epc(n)}, {"antenna", (n - first) % antennas + 1}});
                return t;
            };
            nlohmann::json sim_readers = {
                {{"name", "T"}, {"profile", path}, {"tcp", {{"port", 0}}}, {"antennas", antennas}, {"tags", tags(1)}},
                {{"name", "S"},
                 {"profile", path},
                 {"rtu", {{"device", a}}},
                 {"unit_id", 3},
                 {"antennas", antennas},
                 {"tags", tags(11)}}};
            dir.write("sim.json", nlohmann::json{{"control", {{"port", 0}}}, {"readers", sim_readers}}.dump());
            ChildProcess sim(bin_path("casetrail-reader-sim"),
                             {"--config", dir.file("sim.json"), "--ready-file", dir.file("sim.ready")},
                             dir.file("sim.log"));
            const int control = ready_port(dir.file("sim.ready"), "control_port", sim);
            const auto ready = nlohmann::json::parse(std::ifstream(dir.file("sim.ready")));

            auto shelves = [&](int cabinet) {
                nlohmann::json m;
                for (int i = 1; i <= antennas; ++i)
                    m[std::to_string(i)] = "HQ-R1-C" + std::to_string(cabinet) + "-S" + std::to_string(i);
                return m;
            };
            nlohmann::json gw_readers = {{{"id", "T"},
                                          {"host", "127.0.0.1"},
                                          {"port", ready["readers"][0]["modbus_port"]},
                                          {"profile", path},
                                          {"antennas", shelves(1)}},
                                         {{"id", "S"},
                                          {"rtu", {{"device", b}}},
                                          {"unit_id", 3},
                                          {"timeout_ms", 500},
                                          {"profile", path},
                                          {"antennas", shelves(2)}}};
            dir.write("gateway.json", nlohmann::json{{"database", db.conninfo()},
                                                     {"poll_interval_ms", 150},
                                                     {"spool", {{"dir", dir.file("spool")}}},
                                                     {"readers", gw_readers}}
                                          .dump());
            ChildProcess gw(bin_path("casetrail-gateway"), {"--config", dir.file("gateway.json")}, dir.file("gw.log"));
            INFO(gw.log() << "\nsimulator:\n" << sim.log());
            REQUIRE(wait_until(
                [&] {
                    return db.query_value("SELECT count(*) FROM volume_locations WHERE state = 'present'") == present;
                },
                20s));
            CHECK(db.query_value("SELECT count(*) FROM location_events") == present);
            CHECK(db.query_value("SELECT l.code FROM volume_locations vl JOIN locations l ON l.id = vl.location_id "
                                 "JOIN volumes v ON v.id = vl.volume_id JOIN dossiers d ON d.id = v.dossier_id "
                                 "WHERE d.case_number = '2026-CR-0011'") == "HQ-R1-C2-S1");
            if (antennas > 1) {
                // A move on each transport.
                REQUIRE(sim_control(control, "move " + demo_epc(1) + " 2") == "ok\n");
                REQUIRE(sim_control(control, "S: move " + demo_epc(11) + " 2") == "ok\n");
                REQUIRE(wait_until(
                    [&] { return db.query_value("SELECT count(*) FROM location_events WHERE kind = 'moved'") == "2"; },
                    10s));
            }
            // A tag leaves the TCP reader's field: however the profile says "gone", it departs.
            REQUIRE(sim_control(control, "remove " + demo_epc(1)) == "ok\n");
            REQUIRE(wait_until(
                [&] { return db.query_value("SELECT count(*) FROM location_events WHERE kind = 'departed'") == "1"; },
                10s));
            CHECK(db.query_value("SELECT count(*) FROM reader_health WHERE state <> 'online'") == "0");
            CHECK(gw.terminate() == 0);
        }
    }
}
