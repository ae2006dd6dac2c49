// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: bulk import through the CLI and the server process: a dry run names every problem with its
// line, a real run imports all or nothing, GB18030 files with Chinese titles, re-importing changes nothing.

#include <catch2/catch.hpp>

#include "tests/support/server_process.hpp"

using namespace casetrail::test;

namespace {

CommandResult import(const ServerProcess& s, const std::string& file, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--url", s.url(), "import", file, "--by", "liu.yang"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
}

std::string count(const ServerProcess& s, const std::string& sql) { return s.db.query_value(sql); }

const std::string kGood =
    "case_number,title,case_type,unit,handler,home,volume,epc\n"
    "2026-IM-0001,\"盗窃案, 王某某\",theft,CID-T1,wang.li,HQ-R1-C1-S1,1,E2801160000000000000D001\n"
    "2026-IM-0001,\"盗窃案, 王某某\",theft,CID-T1,wang.li,HQ-R1-C1-S1,2,e2801160000000000000d002\n"
    "2026-IM-0002,诈骗案 李某,fraud,CID-T1,,,,\n"
    "\n"
    "2026-IM-0003,\"Quoted \"\"title\"\"\",,CID-T1,chen.jing,HQ-R1-C2-S1,,E2801160000000000000D003\n";

}  // namespace

TEST_CASE("a clean file imports all its dossiers, volumes and tags, and importing it again changes nothing",
          "[import][e2e]") {
    ServerProcess s;
    s.dir.write("good.csv", kGood);
    auto r = import(s, s.dir.file("good.csv"), {"--dry-run"});
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("no problems in 4 lines (utf-8); dry run: nothing was imported"));
    CHECK(count(s, "SELECT count(*) FROM dossiers WHERE case_number LIKE '2026-IM-%'") == "0");

    r = import(s, s.dir.file("good.csv"));
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("3 new dossiers, 4 new volumes, 3 tags bound"));
    CHECK(count(s,
                "SELECT title || '|' || case_type || '|' || status FROM dossiers WHERE case_number = '2026-IM-0001'") ==
          "盗窃案, 王某某|theft|registered");
    CHECK(count(s, "SELECT title FROM dossiers WHERE case_number = '2026-IM-0003'") == "Quoted \"title\"");
    CHECK(
        count(
            s,
            "SELECT string_agg(tb.epc, ',' ORDER BY v.volume_no) FROM tag_bindings tb JOIN volumes v ON v.id = tb.volume_id "
            "JOIN dossiers d ON d.id = v.dossier_id WHERE d.case_number = '2026-IM-0001'") ==
        "E2801160000000000000D001,E2801160000000000000D002");
    CHECK(
        count(
            s,
            "SELECT r.login FROM dossiers d JOIN staff r ON r.id = d.registered_by WHERE case_number = '2026-IM-0002'") ==
        "liu.yang");

    const auto before =
        count(s,
              "SELECT (SELECT count(*) FROM dossiers) || '/' || (SELECT count(*) FROM volumes) || '/' || "
              "(SELECT count(*) FROM tag_bindings)");
    r = import(s, s.dir.file("good.csv"));
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("0 new dossiers, 0 new volumes, 0 tags bound"));
    CHECK(count(s,
                "SELECT (SELECT count(*) FROM dossiers) || '/' || (SELECT count(*) FROM volumes) || '/' || "
                "(SELECT count(*) FROM tag_bindings)") == before);
    // Found by its imported tag, through the API.
    CHECK(s.get("/api/v1/dossiers/E2801160000000000000D002").body["dossier"]["case_number"] == "2026-IM-0001");
}

TEST_CASE("a GB18030 file with Chinese titles imports, found by itself or when told", "[import][e2e]") {
    ServerProcess s;
    // 盗窃案 and 诈骗案 in GB18030, written byte by byte (the encoding, not UTF-8).
    const std::string daoqie = "\xB5\xC1\xC7\xD4\xB0\xB8";   // 盗窃案
    const std::string zhapian = "\xD5\xA9\xC6\xAD\xB0\xB8";  // 诈骗案
    s.dir.write("gb.csv", "case_number,title,unit\n2026-GB-0001," + daoqie + " 1,CID-T1\n2026-GB-0002," + zhapian +
                              " 2,CID-T1\n");
    auto r = import(s, s.dir.file("gb.csv"));
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("(gb18030)") && Catch::Contains("2 new dossiers"));
    CHECK(count(s, "SELECT title FROM dossiers WHERE case_number = '2026-GB-0001'") == "盗窃案 1");
    CHECK(count(s, "SELECT title FROM dossiers WHERE case_number = '2026-GB-0002'") == "诈骗案 2");
    // Searchable in Chinese.
    const auto found = s.get("/api/v1/dossiers?q=%E8%AF%88%E9%AA%97%E6%A1%88&case_number=GB").body["dossiers"];
    REQUIRE(found.size() == 1);
    CHECK(found[0]["case_number"] == "2026-GB-0002");
    // Told it is UTF-8, the same file is refused line by line: bad encoding.
    r = import(s, s.dir.file("gb.csv"), {"--dry-run", "--encoding", "utf-8"});
    CHECK(r.status == 2);
    CHECK_THAT(r.output,
               Catch::Contains("line 2: is not valid UTF-8") && Catch::Contains("line 3: is not valid UTF-8"));
    // A UTF-8 file with a BOM, as spreadsheets save it.
    s.dir.write("bom.csv",
                "\xEF\xBB\xBF"
                "case_number,title,unit\n2026-BOM-0001,带BOM的文件,CID-T1\n");
    CHECK(import(s, s.dir.file("bom.csv")).status == 0);
    CHECK(count(s, "SELECT title FROM dossiers WHERE case_number = '2026-BOM-0001'") == "带BOM的文件");
}

TEST_CASE("every problem is named with its line, and a file with any problem imports nothing", "[import][e2e]") {
    ServerProcess s;
    s.dir.write("bad.csv",
                "case_number,title,unit,handler,home,volume,epc\n"
                "2026-BAD-0001,ok,CID-T1,wang.li,HQ-R1-C1-S1,1,E2801160000000000000B001\n"  // 2: fine
                "2026-BAD-0002,t,NOPE,nobody,NO-SHELF,x,ZZZ\n"                              // 3: five problems
                "2026-CR-0005,another title,CID-T1,,,,\n"                                   // 4: case number taken
                "2026-BAD-0003,t,CID-T1,,,1,E28011600000000000000007\n"                     // 5: tag of 2026-CR-0007
                "2026-BAD-0001,ok,CID-T1,wang.li,HQ-R1-C1-S1,1,\n"                          // 6: volume 1 again
                "2026-BAD-0004,t,CID-T1,,,1,E2801160000000000000B001\n"                     // 7: tag on line 2
                ",,CID-T1,,,,\n"                                                            // 8: missing fields
                "2026-BAD-0005,t,CID-T1\n"                                                  // 9: too few fields
                "2026-BAD-0006,\"unterminated,CID-T1,,,,\n"                                 // 10
                "2026-BAD-0007,\xff\xfe,CID-T1,,,,\n");  // 11: not UTF-8 (nor GB18030 decodable?)
    auto r = import(s, s.dir.file("bad.csv"), {"--dry-run", "--encoding", "utf-8"});
    INFO(r.output);
    CHECK(r.status == 2);
    for (const char* expected :
         {"line 3: volume: \"x\" is not a number", "line 3: unit: no unit has the code \"NOPE\"",
          "line 3: handler: no active staff member has the login \"nobody\"",
          "line 3: home: no location has the code \"NO-SHELF\"", "line 3: epc: \"ZZZ\" is not an EPC",
          "line 4: case_number: 2026-CR-0005 is registered already with another title",
          "line 5: epc: tag E28011600000000000000007 is bound to 2026-CR-0007 volume 1",
          "line 6: volume: volume 1 of 2026-BAD-0001 is on line 2 already",
          "line 7: epc: tag E2801160000000000000B001 is on line 2 already", "line 8: case_number: is missing",
          "line 8: title: is missing", "line 9: has 3 fields; the header has 7", "line 10: has an unterminated quote",
          "line 11: is not valid UTF-8"}) {
        CHECK_THAT(r.output, Catch::Contains(expected));
    }
    CHECK_THAT(r.output, !Catch::Contains("line 2:"));
    // For real: refused before anything is sent, nothing imported.
    r = import(s, s.dir.file("bad.csv"), {"--encoding", "utf-8"});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("nothing was imported"));
    CHECK(count(s, "SELECT count(*) FROM dossiers WHERE case_number LIKE '2026-BAD-%'") == "0");

    // Only database problems: the server refuses the commit whole (all or nothing).
    s.dir.write("late.csv",
                "case_number,title,unit,epc\n2026-LATE-0001,fine,CID-T1,E2801160000000000000C001\n"
                "2026-LATE-0002,clash,CID-T1,E28011600000000000000009\n");
    r = import(s, s.dir.file("late.csv"));
    CHECK(r.status == 2);
    CHECK_THAT(r.output,
               Catch::Contains("line 3: epc: tag E28011600000000000000009 is bound to 2026-CR-0009 volume 1") &&
                   Catch::Contains("1 problem in the import; nothing was imported"));
    CHECK(count(s, "SELECT count(*) FROM dossiers WHERE case_number LIKE '2026-LATE-%'") == "0");
    // Missing columns are named at line 1.
    s.dir.write("cols.csv", "case_number,titel\nA,B\n");
    r = import(s, s.dir.file("cols.csv"), {"--dry-run"});
    CHECK_THAT(r.output, Catch::Contains("line 1: titel: is not a known column") &&
                             Catch::Contains("line 1: title: the required column is missing") &&
                             Catch::Contains("line 1: unit: the required column is missing"));
}
