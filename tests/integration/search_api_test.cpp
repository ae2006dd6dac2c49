// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: searching the register (title words in Chinese and English, case number, handler, unit and
// the units below it, status, where the volumes are now), paged with a cursor.

#include <set>

#include <catch2/catch.hpp>

#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {
std::vector<std::string> case_numbers(const json& page) {
    std::vector<std::string> out;
    for (const auto& d : page["dossiers"]) out.push_back(d["case_number"]);
    return out;
}
}  // namespace

TEST_CASE("search finds dossiers by title words (Chinese too), case number, handler, unit, status and place",
          "[search][e2e]") {
    ServerProcess s;
    // Seed: 40 dossiers; even numbers "盗窃案 Theft case N" handled by wang.li, odd "Fraud case N 诈骗案" by chen.jing.
    auto r = s.get("/api/v1/dossiers?q=%E7%9B%97%E7%AA%83%E6%A1%88&limit=500");  // 盗窃案
    REQUIRE(r.status == 200);
    CHECK(r.body["dossiers"].size() == 20);
    CHECK(r.body["next"].is_null());
    r = s.get("/api/v1/dossiers?q=%E8%AF%88%E9%AA%97%20case%207");  // 诈骗 case 7: every word must appear
    CHECK(case_numbers(r.body) ==
          std::vector<std::string>{"2026-CR-0007", "2026-CR-0017", "2026-CR-0027", "2026-CR-0037"});
    r = s.get("/api/v1/dossiers?q=%E7%9B%97%E7%AA%83%20case%207");  // 盗窃 (theft: even numbers) case 7
    CHECK(r.body["dossiers"].empty());
    r = s.get("/api/v1/dossiers?q=FRAUD&handler=wang.li");
    CHECK(r.body["dossiers"].empty());
    CHECK(s.get("/api/v1/dossiers?q=%E8%AF%88%E9%AA%97&handler=chen.jing").body["dossiers"].size() == 20);
    r = s.get("/api/v1/dossiers?case_number=CR-003");
    CHECK(case_numbers(r.body) ==
          std::vector<std::string>{"2026-CR-0030", "2026-CR-0031", "2026-CR-0032", "2026-CR-0033", "2026-CR-0034",
                                   "2026-CR-0035", "2026-CR-0036", "2026-CR-0037", "2026-CR-0038", "2026-CR-0039"});
    CHECK(s.get("/api/v1/dossiers?q=100%25").body["dossiers"].empty());  // % is a character, not a wildcard

    // Units: the bureau finds its teams' dossiers; another bureau's find none.
    CHECK(s.get("/api/v1/dossiers?unit=CID&limit=500").body["dossiers"].size() == 40);
    REQUIRE(s.post("/api/v1/units", {{"code", "EB"}, {"name", "Economic Bureau"}, {"kind", "bureau"}}).status == 201);
    CHECK(s.get("/api/v1/dossiers?unit=EB").body["dossiers"].empty());
    // Status.
    REQUIRE(
        s.post("/api/v1/dossiers/2026-CR-0010/transitions", {{"to", "in_legal_review"}, {"by", "zhao.min"}}).status ==
        200);
    CHECK(case_numbers(s.get("/api/v1/dossiers?status=in_legal_review").body) ==
          std::vector<std::string>{"2026-CR-0010"});
    // Where the volumes are now (the place or anything under it).
    s.db.exec(R"sql(
        INSERT INTO readers (code, site_id, transport, address, unit_id) SELECT 'R1', id, 'tcp', 'x:1', 1 FROM sites;
        INSERT INTO antennas (reader_id, port, location_id) SELECT r.id, 1, l.id FROM readers r, locations l WHERE l.code = 'HQ-R1-C2-S3';
        INSERT INTO location_events (event_id, kind, epc, volume_id, antenna_id, location_id, observed_at)
          SELECT gen_random_uuid(), 'arrived', tb.epc, tb.volume_id, a.id, a.location_id, now()
          FROM tag_bindings tb, antennas a WHERE tb.epc IN ('E28011600000000000000004', 'E28011600000000000000009');
        INSERT INTO volume_locations (volume_id, state, location_id, antenna_id, since, observed_at, event_id)
          SELECT e.volume_id, 'present', e.location_id, e.antenna_id, now(), now(), e.id FROM location_events e;
    )sql");
    r = s.get("/api/v1/dossiers?location=HQ-R1-C2");
    CHECK(case_numbers(r.body) == std::vector<std::string>{"2026-CR-0004", "2026-CR-0009"});
    CHECK(r.body["dossiers"][0]["now_at"] == json({"HQ-R1-C2-S3"}));
    CHECK(s.get("/api/v1/dossiers?location=HQ-R1-C1-S1").body["dossiers"].empty());

    // Paging with the cursor walks every dossier once, in order.
    std::vector<std::string> all;
    std::string target = "/api/v1/dossiers?unit=CID-T1&limit=7";
    for (int pages = 0; pages < 20; ++pages) {
        r = s.get(target);
        REQUIRE(r.status == 200);
        for (const auto& cn : case_numbers(r.body)) all.push_back(cn);
        if (r.body["next"].is_null()) break;
        target = "/api/v1/dossiers?unit=CID-T1&limit=7&after=" + r.body["next"].get<std::string>();
    }
    CHECK(all.size() == 40);
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == 40);
    CHECK(std::is_sorted(all.begin(), all.end()));

    CHECK(s.get("/api/v1/dossiers?colour=red").status == 400);
    CHECK(s.get("/api/v1/dossiers?status=lost").status == 400);
    CHECK(s.get("/api/v1/dossiers?limit=0").status == 400);
    CHECK(s.get("/api/v1/dossiers?unit=NOPE").status == 400);

    // The CLI.
    const auto cli = run_cli({"--url", s.url(), "search", "--title", "诈骗 case 7"});
    CHECK(cli.status == 0);
    CHECK_THAT(cli.output, Catch::Contains("2026-CR-0007") && Catch::Contains("chen.jing"));
    const auto paged = run_cli({"--url", s.url(), "search", "--unit", "CID", "--limit", "2"});
    CHECK_THAT(paged.output, Catch::Contains("... more: --after 2026-CR-0002"));
}
