// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, through the server process: the lists the circulation desk and "my work" show: open
// handovers (to me, from me, all in transit), what is out and what is overdue, each only as far as one's
// scope reaches; and a place with its cabinet's shelves, for the cabinet's picture.

#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {

json checkout(const std::string& to, const std::string& by = "liu.yang") {
    const auto week = std::chrono::system_clock::now() + std::chrono::hours(24 * 7);
    return {{"to", to}, {"purpose", "court hearing"}, {"due_back", casetrail::common::format_utc(week)}, {"by", by}};
}

std::vector<std::string> cases_in(const json& list) {
    std::vector<std::string> out;
    for (const auto& item : list) out.push_back(item["case_number"]);
    return out;
}

}  // namespace

TEST_CASE("open handovers and check-outs, to me, from me and overdue, within one's scope", "[custody][e2e]") {
    ServerProcess s;
    // Another bureau's dossier, out with its admin: nobody of CID sees it but admins.
    REQUIRE(s.post("/api/v1/units", {{"code", "ECO"}, {"name", "Economic Crimes"}, {"kind", "bureau"}}).status == 201);
    REQUIRE(s.post("/api/v1/dossiers", {{"case_number", "2026-EC-0001"}, {"title", "Embezzlement"}, {"unit", "ECO"}})
                .status == 201);
    REQUIRE(s.post("/api/v1/dossiers/2026-EC-0001/checkout", checkout("sun.hao", "sun.hao")).status == 201);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0001/checkout", checkout("wang.li")).status == 201);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0002/checkout", checkout("wang.li")).status == 201);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0003/checkout", checkout("chen.jing")).status == 201);
    const auto handover = s.post("/api/v1/dossiers/2026-CR-0002/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}});
    REQUIRE(handover.status == 201);
    // 0003 is past its due-back time.
    s.db.exec(
        "UPDATE custody_periods SET due_back = now() - interval '2 hours' WHERE to_at IS NULL AND dossier_id = "
        "(SELECT id FROM dossiers WHERE case_number = '2026-CR-0003')");

    const auto as = [&](const std::string& login, const std::string& target) {
        const auto r = http_send(s.port, "GET", target, "", {"Authorization: Bearer " + s.token_for(login)});
        INFO(login << " " << target << " " << r.status << " " << r.body);
        REQUIRE(r.status == 200);
        return json::parse(r.body);
    };
    auto h = as("chen.jing", "/api/v1/handovers?state=open&to=chen.jing")["handovers"];
    REQUIRE(h.size() == 1);
    CHECK(h[0]["case_number"] == "2026-CR-0002");
    CHECK(h[0]["from"] == "wang.li");
    CHECK(h[0]["state"] == "open");
    CHECK(as("wang.li", "/api/v1/handovers?from=wang.li")["handovers"].size() == 1);
    CHECK(as("wang.li", "/api/v1/handovers?to=wang.li")["handovers"].empty());
    CHECK(as("liu.yang", "/api/v1/handovers?state=open")["handovers"].size() == 1);

    // What is out: the most overdue first; the other bureau's only for the admin.
    auto out = as("liu.yang", "/api/v1/checkouts")["checkouts"];
    CHECK(cases_in(out) == std::vector<std::string>{"2026-CR-0003", "2026-CR-0001", "2026-CR-0002"});
    CHECK(out[0]["overdue"] == true);
    CHECK(out[0]["holder"]["login"] == "chen.jing");
    CHECK(out[0]["purpose"] == "court hearing");
    CHECK(out[1]["overdue"] == false);
    CHECK(cases_in(as("sun.hao", "/api/v1/checkouts")["checkouts"]).size() == 4);
    CHECK(cases_in(as("zhao.min", "/api/v1/checkouts?overdue=true")["checkouts"]) ==
          std::vector<std::string>{"2026-CR-0003"});
    CHECK(cases_in(as("wang.li", "/api/v1/checkouts?holder=wang.li")["checkouts"]) ==
          std::vector<std::string>{"2026-CR-0001", "2026-CR-0002"});
    CHECK(as("liu.yang", "/api/v1/checkouts?holder=sun.hao")["checkouts"].empty());
    CHECK(cases_in(as("sun.hao", "/api/v1/checkouts?holder=sun.hao")["checkouts"]) ==
          std::vector<std::string>{"2026-EC-0001"});

    // Clear refusals.
    CHECK(s.get("/api/v1/handovers?state=confirmed").status == 400);
    CHECK(s.get("/api/v1/checkouts?overdue=yes").status == 400);
    CHECK(s.get("/api/v1/checkouts?limit=0").status == 400);
    CHECK(s.get("/api/v1/checkouts?holders=x").status == 400);
}

TEST_CASE("a place answers with its cabinet and the cabinet's shelves in order", "[location][e2e]") {
    ServerProcess s;
    auto r = s.get("/api/v1/places/HQ-R1-C2-S3");
    REQUIRE(r.status == 200);
    CHECK(r.body["place"]["code"] == "HQ-R1-C2-S3");
    CHECK(r.body["place"]["kind"] == "shelf");
    CHECK(r.body["cabinet"]["code"] == "HQ-R1-C2");
    std::vector<std::string> shelves;
    for (const auto& p : r.body["shelves"]) shelves.push_back(p["code"]);
    CHECK(shelves == std::vector<std::string>{"HQ-R1-C2-S1", "HQ-R1-C2-S2", "HQ-R1-C2-S3", "HQ-R1-C2-S4"});
    r = s.get("/api/v1/places/HQ-R1-C1");
    CHECK(r.body["cabinet"]["code"] == "HQ-R1-C1");
    CHECK(r.body["shelves"].size() == 4);
    r = s.get("/api/v1/places/HQ-R1");
    CHECK(r.body["place"]["kind"] == "room");
    CHECK(r.body["cabinet"].is_null());
    CHECK(r.body["shelves"].empty());
    CHECK(s.get("/api/v1/places/NOWHERE").status == 404);
}
