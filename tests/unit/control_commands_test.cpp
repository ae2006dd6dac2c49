#include "simulator/control_commands.hpp"

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
