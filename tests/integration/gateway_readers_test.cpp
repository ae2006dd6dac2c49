// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: the gateway against readers as they are in the field: one hanging among healthy ones, and
// several units on a serial bus whose device vanishes and comes back.

#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_stack.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {

nlohmann::json sim_reader(const std::string& name, int first_tag, int last_tag, nlohmann::json where,
                          nlohmann::json noise = nlohmann::json::object()) {
    nlohmann::json tags = nlohmann::json::array();
    for (int n = first_tag; n <= last_tag; ++n)
        tags.push_back({{"epc", demo_epc(n)}, {"antenna", (n - first_tag) % 4 + 1}});
    nlohmann::json r = {
        {"name", name}, {"profile", casetrail_profile_path()}, {"antennas", 4}, {"tags", tags}, {"noise", noise}};
    for (auto& [k, v] : where.items()) r[k] = v;
    return r;
}

nlohmann::json antennas(int cabinet) {
    nlohmann::json a;
    for (int i = 1; i <= 4; ++i) a[std::to_string(i)] = "HQ-R1-C" + std::to_string(cabinet) + "-S" + std::to_string(i);
    return a;
}

std::int64_t polls_of(const TestDatabase& db, const std::string& reader) {
    const auto v = db.query_value(
        "SELECT polls FROM reader_health h JOIN readers r ON r.id = h.reader_id WHERE r.code = '" + reader + "'");
    return v.empty() ? 0 : std::stoll(v);
}

}  // namespace

TEST_CASE("a hanging reader does not delay the others' poll cycles", "[e2e][isolation]") {
    TestDatabase db{TestDatabase::Setup::seeded};
    TempDir dir;
    dir.write("sim.json", nlohmann::json{{"control", {{"port", 0}}},
                                         {"readers",
                                          {sim_reader("OK1", 1, 10, {{"tcp", {{"port", 0}}}}),
                                           sim_reader("HANG", 11, 20, {{"tcp", {{"port", 0}}}},
                                                      {{"slow_probability", 1.0}, {"slow_ms", 5000}}),
                                           sim_reader("OK2", 21, 30, {{"tcp", {{"port", 0}}}})}}}
                              .dump());
    ChildProcess sim(bin_path("casetrail-reader-sim"),
                     {"--config", dir.file("sim.json"), "--ready-file", dir.file("sim.ready")}, dir.file("sim.log"));
    ready_port(dir.file("sim.ready"), "control_port", sim);
    const auto ready = nlohmann::json::parse(std::ifstream(dir.file("sim.ready")));
    nlohmann::json readers = nlohmann::json::array();
    const char* names[] = {"OK1", "HANG", "OK2"};
    for (int i = 0; i < 3; ++i) {
        readers.push_back({{"id", names[i]},
                           {"host", "127.0.0.1"},
                           {"port", ready["readers"][i]["modbus_port"]},
                           {"timeout_ms", 2000},
                           {"profile", casetrail_profile_path()},
                           {"antennas", antennas(i == 1 ? 2 : 1)}});
    }
    readers[2]["antennas"] = {{"1", "HQ-R1-C2-S3"}, {"2", "HQ-R1-C2-S4"}, {"3", "HQ-R1-C1-S1"}, {"4", "HQ-R1-C1-S2"}};
    dir.write("gateway.json", nlohmann::json{{"database", db.conninfo()},
                                             {"poll_interval_ms", 100},
                                             {"health_report_ms", 500},
                                             {"spool", {{"dir", dir.file("spool")}}},
                                             {"readers", readers}}
                                  .dump());
    ChildProcess gw(bin_path("casetrail-gateway"), {"--config", dir.file("gateway.json")}, dir.file("gw.log"));
    INFO(gw.log());
    REQUIRE(wait_until([&] { return polls_of(db, "OK1") > 5 && polls_of(db, "OK2") > 5; }, 15s));
    const auto a1 = polls_of(db, "OK1"), a2 = polls_of(db, "OK2");
    const auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(4s);
    // Reports lag by up to one report interval; measure over what the reports cover.
    REQUIRE(wait_until([&] { return polls_of(db, "OK1") > a1 + 30; }, 5s));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto d1 = polls_of(db, "OK1") - a1, d2 = polls_of(db, "OK2") - a2;
    const double scheduled = (seconds - 0.5) * 10;  // 100 ms rhythm, minus one report interval of lag
    INFO("OK1 " << d1 << ", OK2 " << d2 << " polls in " << seconds << " s; scheduled about " << scheduled);
    CHECK(d1 >= 0.9 * scheduled);
    CHECK(d2 >= 0.9 * scheduled);
    CHECK(db.query_value(
              "SELECT state FROM reader_health h JOIN readers r ON r.id = h.reader_id WHERE r.code = 'HANG'") !=
          "online");
    CHECK(gw.terminate() == 0);
}

TEST_CASE("two units on one serial bus feed the gateway, and the bus vanishes and comes back", "[e2e][rtu]") {
    TestDatabase db{TestDatabase::Setup::seeded};
    TempDir dir;
    const auto a = dir.file("bus-a"), b = dir.file("bus-b");
    auto start_socat = [&] {
        auto p = std::make_unique<ChildProcess>(
            "/usr/bin/socat", std::vector<std::string>{"pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b},
            dir.file("socat.log"));
        REQUIRE(wait_until([&] { return std::filesystem::exists(a) && std::filesystem::exists(b); }, 5s));
        return p;
    };
    auto socat = start_socat();
    const nlohmann::json line = {{"device", a}, {"baud", 19200}};
    auto sim_config = [&] {
        return nlohmann::json{{"control", {{"port", 0}}},
                              {"readers",
                               {sim_reader("U1", 1, 20, {{"rtu", line}, {"unit_id", 1}}),
                                sim_reader("U2", 21, 40, {{"rtu", line}, {"unit_id", 2}})}}}
            .dump();
    };
    dir.write("sim.json", sim_config());
    auto sim = std::make_unique<ChildProcess>(
        bin_path("casetrail-reader-sim"),
        std::vector<std::string>{"--config", dir.file("sim.json"), "--ready-file", dir.file("sim.ready")},
        dir.file("sim.log"));
    ready_port(dir.file("sim.ready"), "control_port", *sim);
    nlohmann::json readers = nlohmann::json::array();
    for (int unit = 1; unit <= 2; ++unit) {
        readers.push_back({{"id", "BUS-U" + std::to_string(unit)},
                           {"rtu", {{"device", b}, {"baud", 19200}}},
                           {"unit_id", unit},
                           {"timeout_ms", 300},
                           {"profile", casetrail_profile_path()},
                           {"antennas", antennas(unit)}});
    }
    dir.write("gateway.json", nlohmann::json{{"database", db.conninfo()},
                                             {"poll_interval_ms", 200},
                                             {"health_report_ms", 500},
                                             {"spool", {{"dir", dir.file("spool")}}},
                                             {"readers", readers}}
                                  .dump());
    ChildProcess gw(bin_path("casetrail-gateway"), {"--config", dir.file("gateway.json")}, dir.file("gw.log"));
    INFO(gw.log() << "\nsim:\n" << sim->log());
    REQUIRE(wait_until(
        [&] { return db.query_value("SELECT count(*) FROM volume_locations WHERE state = 'present'") == "40"; }, 20s));
    CHECK(db.query_value("SELECT count(*) FROM readers WHERE transport = 'rtu' AND address = '" + b + "'") == "2");

    // The bus vanishes: both units go offline with the reason; the gateway keeps running.
    sim->kill_hard();
    socat->kill_hard();
    auto states = [&] { return db.query_value("SELECT string_agg(state, ',' ORDER BY reader_id) FROM reader_health"); };
    REQUIRE(wait_until([&] { return states() == "offline,offline"; }, 15s));
    CHECK(gw.running());

    // It comes back.
    socat = start_socat();
    sim = std::make_unique<ChildProcess>(bin_path("casetrail-reader-sim"),
                                         std::vector<std::string>{"--config", dir.file("sim.json")},
                                         dir.file("sim2.log"));
    REQUIRE(wait_until([&] { return states().find("offline") == std::string::npos; }, 40s));
    CHECK(gw.terminate() == 0);
}
