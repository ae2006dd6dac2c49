// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, through the server process and a real PostgreSQL: check-out and check-in, the two-step
// handover (confirmed, refused, cancelled, not confirmed in time), and the chain of holders.

#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {
const std::string kDossier = "/api/v1/dossiers/2026-CR-0005";
std::string error_message(const JsonReply& r) { return r.body["error"]["message"].get<std::string>(); }
// A week from now, to the second, in UTC and as +08:00 local time.
const auto kDueBack =
    std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now() + std::chrono::hours(24 * 7));
std::string due_back_local() {
    auto text = casetrail::common::format_utc(kDueBack + std::chrono::hours(8));
    return text.substr(0, 19) + "+08:00";
}
json checkout(const std::string& to) {
    return {{"to", to}, {"purpose", "interview of a witness"}, {"due_back", due_back_local()}, {"by", "liu.yang"}};
}
}  // namespace

TEST_CASE("check-out and check-in, one holder at a time", "[custody][e2e]") {
    ServerProcess s;
    auto r = s.post(kDossier + "/checkout", checkout("wang.li"));
    REQUIRE(r.status == 201);
    CHECK(r.body["holder"]["login"] == "wang.li");
    CHECK(r.body["due_back"] == casetrail::common::format_utc(kDueBack));
    auto view = s.get(kDossier).body;
    CHECK(view["custody"]["state"] == "checked_out");
    CHECK(view["custody"]["holder"]["login"] == "wang.li");
    r = s.post(kDossier + "/checkout", checkout("chen.jing"));
    CHECK(r.status == 409);
    CHECK_THAT(error_message(r), Catch::StartsWith("2026-CR-0005 is held by wang.li since"));
    CHECK(s.post(kDossier + "/checkin", {{"by", "liu.yang"}}).status == 200);
    CHECK(s.post(kDossier + "/checkin", {{"by", "liu.yang"}}).status == 409);
    CHECK(s.get(kDossier).body["custody"]["state"] == "in_archive");

    auto past = checkout("wang.li");
    past["due_back"] = "2020-01-01T00:00:00Z";
    r = s.post(kDossier + "/checkout", past);
    CHECK(r.status == 400);
    CHECK(error_message(r) == "due_back: must be in the future");
    past["due_back"] = "2099-01-01T00:00:00Z";
    CHECK(error_message(s.post(kDossier + "/checkout", past)) == "due_back: must be within a year");
    auto no_purpose = checkout("wang.li");
    no_purpose.erase("purpose");
    CHECK(error_message(s.post(kDossier + "/checkout", no_purpose)) == "purpose: is required");
    CHECK(s.post(kDossier + "/checkout", checkout("nobody")).status == 400);
    // The database itself refuses a second holder.
    REQUIRE(s.post(kDossier + "/checkout", checkout("wang.li")).status == 201);
    CHECK_THROWS(
        s.db.exec("INSERT INTO custody_periods (dossier_id, holder_id, began_by, from_at, opened_by) "
                  "SELECT d.id, s.id, 'checkout', now(), s.id FROM dossiers d, staff s "
                  "WHERE d.case_number = '2026-CR-0005' AND s.login = 'chen.jing'"));
}

TEST_CASE("a handover: A initiates, the dossier is in transit with A responsible, B confirms", "[custody][e2e]") {
    ServerProcess s;
    REQUIRE(s.post(kDossier + "/checkout", checkout("wang.li")).status == 201);
    auto r = s.post(kDossier + "/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}, {"note", "for the hearing"}});
    REQUIRE(r.status == 201);
    const auto id = std::to_string(r.body["id"].get<long long>());
    CHECK(r.body["state"] == "open");
    auto custody = s.get(kDossier).body["custody"];
    CHECK(custody["state"] == "in_transit");
    CHECK(custody["holder"]["login"] == "wang.li");  // still responsible
    CHECK(custody["handover"]["to"] == "chen.jing");
    // Nothing else while in transit.
    CHECK(s.post(kDossier + "/handovers", {{"to", "zhao.min"}, {"by", "wang.li"}}).status == 409);
    CHECK(s.post(kDossier + "/checkin", {{"by", "liu.yang"}}).status == 409);
    r = s.post("/api/v1/handovers/" + id + "/confirm", {{"by", "wang.li"}});
    CHECK(r.status == 409);
    CHECK(error_message(r) == "only chen.jing, the receiver, can confirm handover " + id);
    r = s.post("/api/v1/handovers/" + id + "/confirm", {{"by", "chen.jing"}});
    REQUIRE(r.status == 200);
    CHECK(r.body["state"] == "confirmed");
    CHECK(s.post("/api/v1/handovers/" + id + "/confirm", {{"by", "chen.jing"}}).status == 409);
    custody = s.get(kDossier).body["custody"];
    CHECK(custody["state"] == "checked_out");
    CHECK(custody["holder"]["login"] == "chen.jing");
    CHECK(custody["holder"]["purpose"] == "interview of a witness");  // the check-out's terms go with the file

    // The chain of custody: every holder with times, beside the location history.
    r = s.post(kDossier + "/handovers", {{"to", "zhao.min"}, {"by", "chen.jing"}});
    REQUIRE(r.status == 201);
    const auto second = std::to_string(r.body["id"].get<long long>());
    CHECK(s.post("/api/v1/handovers/" + second + "/cancel", {{"by", "liu.yang"}}).status == 409);  // not a party
    CHECK(s.post("/api/v1/handovers/" + second + "/cancel", {{"by", "zhao.min"}}).status == 200);  // refused by B
    CHECK(s.post(kDossier + "/checkin", {{"by", "liu.yang"}}).status == 200);
    const auto chain = s.get(kDossier + "/custody").body;
    REQUIRE(chain["holders"].size() == 2);
    CHECK(chain["holders"][0]["holder"]["login"] == "wang.li");
    CHECK(chain["holders"][0]["ended_by"] == "handover");
    CHECK(chain["holders"][1]["holder"]["login"] == "chen.jing");
    CHECK(chain["holders"][1]["began_by"] == "handover");
    CHECK(chain["holders"][1]["ended_by"] == "checkin");
    CHECK(chain["holders"][0]["to"] == chain["holders"][1]["from"]);  // no gap, no overlap
    REQUIRE(chain["handovers"].size() == 2);
    CHECK(chain["handovers"][1]["state"] == "cancelled");
    CHECK(chain["custody"]["state"] == "in_archive");
    CHECK(s.get(kDossier + "/history").status == 200);  // the location history beside it
}

TEST_CASE("a handover not confirmed in time is recorded as expired, and A stays the holder", "[custody][e2e]") {
    ServerProcess s;
    REQUIRE(s.post(kDossier + "/checkout", checkout("wang.li")).status == 201);
    auto r = s.post(kDossier + "/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}, {"confirm_within_minutes", 5}});
    REQUIRE(r.status == 201);
    const auto id = std::to_string(r.body["id"].get<long long>());
    // Time passes (the test moves the deadline into the past, as a superuser).
    s.db.exec(
        "UPDATE handovers SET initiated_at = now() - interval '10 minutes', confirm_by = now() - interval '5 minutes'");
    r = s.get("/api/v1/handovers/" + id);
    CHECK(r.body["state"] == "expired");
    CHECK(r.body["outcome_at"] == r.body["confirm_by"]);
    r = s.post("/api/v1/handovers/" + id + "/confirm", {{"by", "chen.jing"}});
    CHECK(r.status == 409);
    CHECK_THAT(error_message(r), Catch::Contains("expired already"));
    const auto custody = s.get(kDossier).body["custody"];
    CHECK(custody["state"] == "checked_out");
    CHECK(custody["holder"]["login"] == "wang.li");
    CHECK(s.db.query_value("SELECT outcome FROM handovers") == "expired");
    // And a new one can start.
    CHECK(s.post(kDossier + "/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}}).status == 201);
    CHECK(s.post(kDossier + "/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}, {"confirm_within_minutes", 0}})
              .status == 400);
}

TEST_CASE("the server records expired handovers by itself", "[custody][e2e]") {
    ServerProcess s;
    REQUIRE(s.post(kDossier + "/checkout", checkout("wang.li")).status == 201);
    REQUIRE(s.post(kDossier + "/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}}).status == 201);
    s.db.exec("UPDATE handovers SET initiated_at = now() - interval '2 days', confirm_by = now() - interval '1 day'");
    // No request touches custody: the server's sweep (every 10 s) records it.
    REQUIRE(wait_until([&] { return s.db.query_value("SELECT outcome FROM handovers") == "expired"; },
                       std::chrono::seconds(15)));
    CHECK_THAT(s.proc->log(), Catch::Contains("handover not confirmed in time"));
}

TEST_CASE("check-in by a colleague who does not hold the dossier is refused, the holder and a clerk check it in",
          "[custody][e2e][security]") {
    ServerProcess s;
    const auto holder = [&] { return s.get(kDossier).body["custody"]["holder"]; };
    REQUIRE(s.post(kDossier + "/checkout", checkout("wang.li")).status == 201);
    // The attack: chen.jing, a case handler of the same team who sees the dossier, "returns" wang.li's file,
    // and the chain of holders would say wang.li's period ended with a check-in. A supervisor who sees it
    // may not either: the archive's desk (a clerk of its unit) or the holder returns a file.
    for (const char* colleague : {"chen.jing", "zhao.min"}) {
        INFO(colleague);
        auto r = s.post(kDossier + "/checkin", {{"by", colleague}});
        CHECK(r.status == 403);
        CHECK(error_message(r) == "only wang.li, who holds 2026-CR-0005, or a clerk of its unit can check it in");
        CHECK(holder()["login"] == "wang.li");
    }
    // The holder checks it in.
    auto r = s.post(kDossier + "/checkin", {{"by", "wang.li"}});
    REQUIRE(r.status == 200);
    CHECK(r.body["closed_by"] == "wang.li");
    // A clerk of its unit (liu.yang, of CID-S1 above CID-T1) checks in someone else's file.
    REQUIRE(s.post(kDossier + "/checkout", checkout("wang.li")).status == 201);
    r = s.post(kDossier + "/checkin", {{"by", "liu.yang"}});
    REQUIRE(r.status == 200);
    CHECK(r.body["closed_by"] == "liu.yang");
    CHECK(r.body["holder"]["login"] == "wang.li");
    // And an admin.
    REQUIRE(s.post(kDossier + "/checkout", checkout("chen.jing")).status == 201);
    r = s.post(kDossier + "/checkin", {{"by", "sun.hao"}});
    CHECK(r.status == 200);
    // A clerk of another unit does not even see it.
    REQUIRE(s.post("/api/v1/units", {{"code", "ECO"}, {"name", "Economic Crimes"}, {"kind", "bureau"}}).status == 201);
    REQUIRE(
        s.post("/api/v1/staff", {{"login", "eco.clerk"}, {"name", "Eco Clerk"}, {"unit", "ECO"}, {"roles", {"clerk"}}})
            .status == 201);
    s.token_for("eco.clerk");
    REQUIRE(s.post(kDossier + "/checkout", checkout("wang.li")).status == 201);
    CHECK(s.post(kDossier + "/checkin", {{"by", "eco.clerk"}}).status == 404);
    CHECK(holder()["login"] == "wang.li");
    // Nothing refused was written: three periods closed, by wang.li, liu.yang and sun.hao, and one open.
    const auto chain = s.get(kDossier + "/custody").body["holders"];
    REQUIRE(chain.size() == 4);
    CHECK(chain[0]["closed_by"] == "wang.li");
    CHECK(chain[1]["closed_by"] == "liu.yang");
    CHECK(chain[2]["closed_by"] == "sun.hao");
    CHECK(chain[3]["closed_by"].is_null());
}
