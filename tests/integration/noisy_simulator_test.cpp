// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The simulator's faults as a client sees them, its scenarios, and its ground truth.

#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "firmware-bridge/drivers/reader_driver.hpp"
#include "firmware-bridge/profiles/profile.hpp"
#include "tests/support/processes.hpp"

using namespace casetrail;
using namespace casetrail::bridge;
using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {
const std::string kProfile = std::string(CT_SOURCE_DIR) + "/config/readers/casetrail-v1.json";

nlohmann::json reader(const std::string& name, nlohmann::json noise, int first_tag) {
    nlohmann::json tags = nlohmann::json::array();
    for (int i = 0; i < 3; ++i) {
        char epc[32];
        std::snprintf(epc, sizeof epc, "E2801160000000000000%04d", first_tag + i);
        tags.push_back({{"epc", epc}, {"antenna", i + 1}});
    }
    return {{"name", name},  {"profile", kProfile}, {"tcp", {{"port", 0}}},
            {"antennas", 4}, {"tags", tags},        {"noise", noise}};
}

struct Sim {
    TempDir dir;
    std::unique_ptr<ChildProcess> proc;
    nlohmann::json ready;
    explicit Sim(std::initializer_list<nlohmann::json> list, const std::vector<std::string>& extra = {}) {
        const nlohmann::json readers = std::vector<nlohmann::json>(list);
        dir.write("sim.json", nlohmann::json{{"control", {{"port", 0}}}, {"seed", 5}, {"readers", readers}}.dump());
        std::vector<std::string> args{"--config", dir.file("sim.json"), "--ready-file", dir.file("ready")};
        args.insert(args.end(), extra.begin(), extra.end());
        proc = std::make_unique<ChildProcess>(bin_path("casetrail-reader-sim"), args, dir.file("sim.log"));
        ready_port(dir.file("ready"), "control_port", *proc);
        ready = nlohmann::json::parse(std::ifstream(dir.file("ready")));
    }
    Sim(const Sim&) = delete;
    std::uint16_t port(int i) const { return ready["readers"][i]["modbus_port"].get<std::uint16_t>(); }
};

Profile profile() { return load_profile(kProfile); }
}  // namespace

TEST_CASE("a slow reader answers late without delaying the simulator's other readers", "[simulator][noise]") {
    Sim sim({reader("SLOW", {{"slow_probability", 1.0}, {"slow_ms", 1500}}, 1),
             reader("FAST", nlohmann::json::object(), 11)});
    auto slow = make_modbus_tcp_driver({"127.0.0.1", sim.port(0), 1, 3000ms}, profile());
    auto fast = make_modbus_tcp_driver({"127.0.0.1", sim.port(1), 1, 3000ms}, profile());
    std::thread t([&] { (void)slow->open(); });  // occupies the simulator's slow reader
    std::this_thread::sleep_for(100ms);
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(fast->open().ok());
    REQUIRE(fast->poll().ok());
    CHECK(std::chrono::steady_clock::now() - start < 500ms);
    t.join();
    const auto s0 = std::chrono::steady_clock::now();
    CHECK(slow->open().ok());
    CHECK(std::chrono::steady_clock::now() - s0 >= 1400ms);
}

TEST_CASE("dropped answers time out, and refused ones carry their exception code, and cut connections are reported",
          "[simulator][noise]") {
    Sim sim({reader("DROP", {{"drop_probability", 1.0}}, 1),
             reader("BUSY", {{"exception_probability", 1.0}, {"exception_code", 6}}, 11),
             reader("CUT", {{"disconnect_probability", 1.0}}, 21)});
    auto drop = make_modbus_tcp_driver({"127.0.0.1", sim.port(0), 1, 300ms}, profile());
    auto r = drop->open();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ReaderErrorKind::timeout);
    auto busy = make_modbus_tcp_driver({"127.0.0.1", sim.port(1), 1, 300ms}, profile());
    r = busy->open();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ReaderErrorKind::modbus_exception);
    CHECK(r.error().exception_code == 6);
    auto cut = make_modbus_tcp_driver({"127.0.0.1", sim.port(2), 1, 300ms}, profile());
    r = cut->open();
    REQUIRE_FALSE(r.ok());
    CHECK((r.error().kind == ReaderErrorKind::io_error || r.error().kind == ReaderErrorKind::timeout));
}

TEST_CASE("a scenario plays its timeline and the ground truth records every change", "[simulator][scenario]") {
    TempDir files;
    files.write("scenario.json", R"({"events": [
        {"at_ms": 100, "action": "move", "epc": "E28011600000000000000002", "antenna": 4},
        {"at_ms": 200, "action": "remove", "epc": "E28011600000000000000001"},
        {"at_ms": 300, "action": "add", "reader": "R1", "epc": "E28011600000000000000099", "antenna": 2},
        {"at_ms": 400, "action": "offline", "reader": "R1"}
    ]})");
    Sim sim({reader("R1", nlohmann::json::object(), 1)},
            {"--scenario", files.file("scenario.json"), "--truth", files.file("truth.jsonl")});
    std::vector<nlohmann::json> lines;
    REQUIRE(wait_until(
        [&] {
            lines.clear();
            std::ifstream in(files.file("truth.jsonl"));
            for (std::string l; std::getline(in, l);) lines.push_back(nlohmann::json::parse(l));
            return lines.size() >= 7;
        },
        5s));
    CHECK(lines[0]["change"] == "initial");
    CHECK(lines[3]["change"] == "move");
    CHECK(lines[3]["epc"] == "E28011600000000000000002");
    CHECK(lines[3]["antenna"] == 4);
    CHECK(lines[4]["change"] == "remove");
    CHECK(lines[4]["antenna"].is_null());
    CHECK(lines[5]["change"] == "add");
    CHECK(lines[6]["change"] == "reader_offline");
    CHECK(lines[6]["t_us"].get<long long>() > lines[3]["t_us"].get<long long>());
    // Off the air: nothing answers.
    auto d = make_modbus_tcp_driver({"127.0.0.1", sim.port(0), 1, 300ms}, profile());
    CHECK(d->open().error().kind == ReaderErrorKind::timeout);
}

TEST_CASE("a bad scenario file is refused with the file, step and field named", "[simulator][scenario]") {
    TempDir files;
    files.write("scenario.json", R"({"events": [{"at_ms": 100, "action": "teleport", "epc": "AAAA"}]})");
    files.write(
        "sim.json",
        nlohmann::json{{"control", {{"port", 0}}}, {"readers", {reader("R1", nlohmann::json::object(), 1)}}}.dump());
    const auto r = run_command(bin_path("casetrail-reader-sim"),
                               {"--config", files.file("sim.json"), "--scenario", files.file("scenario.json")});
    CHECK(r.status == 2);
    CHECK_THAT(
        r.output,
        Catch::Contains("events[0].action: \"teleport\" is not move, park, remove, add, noise, offline or online"));
}
