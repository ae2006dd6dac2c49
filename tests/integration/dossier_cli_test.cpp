// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: the casetrail CLI for the register and custody, against the server process.

#include <catch2/catch.hpp>

#include "tests/support/server_process.hpp"

using namespace casetrail::test;

namespace {
CommandResult cli(const ServerProcess& s, std::vector<std::string> args) {
    args.insert(args.begin(), {"--url", s.url()});
    return run_cli(args);
}
}  // namespace

TEST_CASE("the CLI registers a dossier, moves it through its lifecycle and custody, and shows the trail",
          "[cli][e2e]") {
    ServerProcess s;
    auto r = cli(
        s, {"register", "2026-CLI-0001", "--title", "盗窃案 CLI", "--unit", "CID-T1", "--handler", "wang.li", "--home",
            "HQ-R1-C1-S3", "--volumes", "2", "--deadline", "handling=2027-01-01T00:00:00Z", "--by", "liu.yang"});
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("Status:     registered") && Catch::Contains("Volume 2"));

    r = cli(s, {"transition", "2026-CLI-0001", "archived", "--by", "zhao.min"});
    CHECK(r.status == 4);
    CHECK_THAT(r.output, Catch::Contains("a dossier registered cannot go to archived (it can go to: in_handling)"));
    CHECK(cli(s, {"transition", "2026-CLI-0001", "in_handling", "--by", "zhao.min"}).status == 0);
    CHECK(cli(s, {"tag", "2026-CLI-0001", "1", "e2801160000000000000c001", "--by", "liu.yang"}).status == 0);
    CHECK(cli(s, {"checkout", "2026-CLI-0001", "--to", "wang.li", "--purpose", "court hearing", "--due",
                  "2099-01-01T00:00:00Z", "--by", "liu.yang"})
              .status == 2);  // more than a year ahead
    r = cli(s, {"handover", "2026-CLI-0001", "--to", "chen.jing", "--by", "wang.li"});
    CHECK(r.status == 4);  // nobody holds it yet
    CHECK_THAT(r.output, Catch::Contains("is in the archive"));

    REQUIRE(s.post("/api/v1/dossiers/2026-CLI-0001/checkout", {{"to", "wang.li"},
                                                               {"purpose", "court hearing"},
                                                               {"due_back", "2026-12-31T00:00:00Z"},
                                                               {"by", "liu.yang"}})
                .status == 201);
    r = cli(s, {"handover", "2026-CLI-0001", "--to", "chen.jing", "--by", "wang.li"});
    REQUIRE(r.status == 0);
    const auto id = s.db.query_value("SELECT id FROM handovers");
    r = cli(s, {"dossier", "E2801160000000000000C001"});
    CHECK_THAT(r.output, Catch::Contains("in transit to chen.jing"));
    CHECK(cli(s, {"handover", "confirm", id, "--by", "chen.jing"}).status == 0);
    r = cli(s, {"custody", "2026-CLI-0001"});
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("wang.li (Wang Li), by checkout, until handover") &&
                             Catch::Contains("chen.jing (Chen Jing), by handover"));
    r = cli(s, {"transitions", "2026-CLI-0001"});
    CHECK_THAT(r.output, Catch::Contains("registered -> in_handling  by zhao.min"));
    r = cli(s, {"tags", "2026-CLI-0001"});
    CHECK_THAT(r.output, Catch::Contains("E2801160000000000000C001") && Catch::Contains("bound by liu.yang"));

    // Usage mistakes are named; who acts is the token's holder, and --by cannot name another.
    r = cli(s, {"checkin", "2026-CLI-0001", "--by", "nobody"});
    CHECK(r.status == 6);
    CHECK_THAT(r.output, Catch::Contains("\"by\" names nobody, but the token is sun.hao's"));
    CHECK(cli(s, {"tag", "2026-CLI-0001", "1"}).status == 2);
    CHECK(cli(s, {"dossier", "2099-NO-0001"}).status == 1);
    r = cli(s, {"units"});
    CHECK_THAT(r.output, Catch::Contains("CID-T1  Team 1 (team)"));
    r = cli(s, {"--json", "staff", "--unit", "CID-S1"});
    CHECK(nlohmann::json::parse(r.output)["staff"].size() == 2);
}

TEST_CASE(
    "the CLI runs a stock-taking: start, add a participant, upload a handheld file twice, finish, result as text and CSV",
    "[cli][stocktake][e2e]") {
    ServerProcess s;
    auto r = cli(s, {"stocktake", "start", "HQ-R1-C2-S1", "--by", "zhao.min"});
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("5 volumes expected"));
    const auto id = s.db.query_value("SELECT id FROM stocktakes");
    s.dir.write(
        "scans.csv",
        "# handheld HH7\nE28011600000000000000021,HQ-R1-C2-S1\ne28011600000000000000003,HQ-R1-C2-S1,2026-11-24T10:00:00Z\n");
    // The clerk scans once the supervisor has added her.
    r = cli(s, {"stocktake", "upload", id, s.dir.file("scans.csv"), "--batch", "HH7-1", "--by", "liu.yang"});
    CHECK(r.status == 6);
    CHECK_THAT(r.output, Catch::Contains("only those who take part in stock-taking " + id));
    r = cli(s, {"stocktake", "participant", id, "liu.yang", "--by", "zhao.min"});
    CHECK(r.output == "liu.yang takes part now\n");
    CHECK(cli(s, {"stocktake", "participant", id, "liu.yang", "--by", "zhao.min"}).output ==
          "liu.yang takes part already\n");
    r = cli(s, {"stocktake", "upload", id, s.dir.file("scans.csv"), "--batch", "HH7-1", "--by", "liu.yang"});
    CHECK(r.output == "uploaded: 2 scans\n");
    r = cli(s, {"stocktake", "upload", id, s.dir.file("scans.csv"), "--batch", "HH7-1", "--by", "liu.yang"});
    CHECK(r.output == "already uploaded: 2 scans\n");
    s.dir.write("bad.csv", "E28011600000000000000021\n");
    r = cli(s, {"stocktake", "upload", id, s.dir.file("bad.csv"), "--batch", "HH7-2", "--by", "liu.yang"});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("bad.csv:1: want EPC,LOCATION[,TIME]"));
    r = cli(s, {"stocktake", "finish", id, "--by", "zhao.min"});
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("taking part: zhao.min liu.yang\n"));
    CHECK_THAT(r.output, Catch::Contains("present 1, missing 4, misplaced 1, unknown tags 0"));
    CHECK_THAT(
        r.output,
        Catch::Contains(
            "2026-CR-0003 vol 1  E28011600000000000000003  seen at HQ-R1-C2-S1 by liu.yang, belongs at HQ-R1-C1-S1"));
    r = cli(s, {"stocktake", id, "--csv"});
    CHECK(r.output.rfind("class,case_number", 0) == 0);
    CHECK(cli(s, {"stocktake", "finish", id, "--by", "zhao.min"}).status == 4);
}
