// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/control_commands.hpp"

#include <catch2/catch.hpp>

using namespace casetrail::bridge::sim;

TEST_CASE("simulator control commands change the field", "[simulator]") {
    TagField field(4);
    SimCounters counters;
    auto run = [&](const std::string& line) { return run_control_command(line, field, counters); };
    CHECK(run("add E28011600000000000000001 2 -48.5") == "ok\n");
    CHECK(run("add abcd 1") == "ok\n");
    CHECK(run("move E28011600000000000000001 4") == "ok\n");
    auto inv = field.inventory();
    REQUIRE(inv.size() == 2);
    CHECK(inv[0].epc == "ABCD");
    CHECK(inv[1].antenna == 4);
    CHECK(inv[1].rssi_decidbm == -485);
    CHECK(run("list") == "tag ABCD 1 -55\ntag E28011600000000000000001 4 -48.5\nok 2 tags\n");
    CHECK(run("remove ABCD") == "ok\n");
    CHECK(run("status") == "ok rounds=0 tags=1 antennas=4\n");
}

TEST_CASE("bad simulator control commands answer an error and change nothing", "[simulator]") {
    TagField field(4);
    SimCounters counters;
    auto run = [&](const std::string& line) { return run_control_command(line, field, counters); };
    CHECK(run("") == "error empty command\n");
    CHECK(run("add NOTHEX 1").rfind("error \"NOTHEX\" is not an EPC", 0) == 0);
    CHECK(run("add ABCD 5") == "error antenna 5 is outside 1..4\n");
    CHECK(run("add ABCD x") == "error antenna \"x\" is not a number\n");
    CHECK(run("add ABCD 1 +20") == "error RSSI \"+20\" is not a dBm value in -120..0\n");
    CHECK(run("move ABCD 1") == "error tag ABCD is not in the field\n");
    CHECK(run("remove ABCD") == "error tag ABCD is not in the field\n");
    CHECK(run("add ABCD 1") == "ok\n");
    CHECK(run("add abcd 2") == "error tag ABCD is already in the field\n");
    CHECK(run("fly ABCD").rfind("error unknown command", 0) == 0);
    CHECK(field.size() == 1);
}

TEST_CASE("a tag parked between two antennas is heard by both, 3 dB weaker each, and the truth says so",
          "[simulator]") {
    TagField field(4);
    SimCounters counters;
    std::vector<std::string> truth;
    field.set_observer([&](const std::string& epc, std::uint16_t antenna, std::uint16_t between, const char* change) {
        truth.push_back(epc + " " + std::to_string(antenna) + "/" + std::to_string(between) + " " + change);
    });
    auto run = [&](const std::string& line) { return run_control_command(line, field, counters); };
    CHECK(run("add ABCD 2 -50") == "ok\n");
    CHECK(run("park ABCD 2 3") == "ok\n");
    auto inv = field.inventory();
    REQUIRE(inv.size() == 2);
    CHECK(inv[0].antenna == 2);
    CHECK(inv[1].antenna == 3);
    CHECK(inv[0].rssi_decidbm == -530);
    CHECK(inv[1].rssi_decidbm == -530);
    CHECK(run("park ABCD 2 2") == "error a tag is parked between two different antennas\n");
    CHECK(run("park ABCD 2 9") == "error antenna 9 is outside 1..4\n");
    CHECK(run("park FFFF 1 2") == "error tag FFFF is not in the field\n");
    CHECK(run("move ABCD 4") == "ok\n");
    REQUIRE(field.inventory().size() == 1);  // moving takes it off the fence
    CHECK(truth == std::vector<std::string>{"ABCD 2/0 add", "ABCD 2/3 park", "ABCD 4/0 move"});
}
