// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, through the server process, its clock moved with --clock-file, and a real PostgreSQL: the
// time-driven rules (deadline stages, custody overdue, unconfirmed handover), escalation, acknowledging
// and resolving by hand, and the notice WebSocket resuming after a dropped connection.

#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "tests/support/notice_client.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr long long kHour = 3600, kDay = 24 * kHour;

const json kFastRules = {
    {"rules",
     {{"sweep_interval_s", 1},
      {"event_poll_ms", 100},
      {"defaults", {{"escalation", {{"after_minutes", 60}}}, {"handover_unconfirmed", {{"after_minutes", 30}}}}}}}};

std::string in_hours(double hours) {
    return casetrail::common::format_utc(std::chrono::system_clock::now() +
                                         std::chrono::seconds(static_cast<long long>(hours * 3600)));
}

void add_deadline(const ServerProcess& s, const std::string& case_number, double hours_ahead) {
    const auto r = s.post("/api/v1/dossiers/" + case_number + "/deadlines",
                          {{"kind", "handling"}, {"due", in_hours(hours_ahead)}, {"by", "zhao.min"}});
    REQUIRE(r.status == 201);
}

json notices_of(const ServerProcess& s, const std::string& login) {
    const auto r = s.get("/api/v1/staff/" + login + "/notices?limit=500");
    REQUIRE(r.status == 200);
    return r.body["notices"];
}

// The stages of the deadline alerts `login` was told of for a dossier, in the order they were raised.
std::vector<std::string> raised_stages(const ServerProcess& s, const std::string& login,
                                       const std::string& case_number) {
    std::vector<std::string> out;
    for (const auto& n : notices_of(s, login)) {
        if (n["kind"] == "raised" && n["alert"]["rule"] == "deadline" && n["alert"]["case_number"] == case_number) {
            out.push_back(n["alert"]["stage"].get<std::string>());
        }
    }
    return out;
}

json alerts(const ServerProcess& s, const std::string& query) {
    const auto r = s.get("/api/v1/alerts?" + query);
    REQUIRE(r.status == 200);
    return r.body["alerts"];
}

// The one alert of `rule` for a dossier (null when there is none).
json alert_of(const ServerProcess& s, const std::string& rule, const std::string& case_number) {
    const auto list = alerts(s, "rule=" + rule + "&case_number=" + case_number);
    return list.empty() ? json(nullptr) : list[0];
}

}  // namespace

TEST_CASE("a deadline gives its 7-day, 3-day, 1-day and passed alerts in order, once each, across restarts",
          "[alerts][e2e]") {
    ServerProcess s(kFastRules);
    add_deadline(s, "2026-CR-0002", 10 * 24);
    s.wait_for_rules();
    CHECK(raised_stages(s, "wang.li", "2026-CR-0002").empty());  // ten days ahead: nothing yet

    using Stages = std::vector<std::string>;
    s.set_clock(3 * kDay + 12 * kHour);  // 6.5 days left
    REQUIRE(wait_until([&] { return raised_stages(s, "wang.li", "2026-CR-0002") == Stages{"7d"}; }, 10s));
    s.set_clock(7 * kDay + 12 * kHour);  // 2.5 days left
    REQUIRE(wait_until([&] { return raised_stages(s, "wang.li", "2026-CR-0002") == Stages{"7d", "3d"}; }, 10s));

    s.restart();  // the same clock: the stages already raised do not come again
    s.wait_for_rules();
    CHECK(raised_stages(s, "wang.li", "2026-CR-0002") == Stages{"7d", "3d"});

    s.set_clock(9 * kDay + 12 * kHour);  // half a day left
    REQUIRE(wait_until([&] { return raised_stages(s, "wang.li", "2026-CR-0002") == Stages{"7d", "3d", "1d"}; }, 10s));
    s.set_clock(10 * kDay + 12 * kHour);  // passed
    REQUIRE(wait_until(
        [&] {
            return raised_stages(s, "wang.li", "2026-CR-0002") == Stages{"7d", "3d", "1d", "passed"};
        },
        10s));
    s.restart();
    s.wait_for_rules();
    CHECK(raised_stages(s, "wang.li", "2026-CR-0002") == Stages{"7d", "3d", "1d", "passed"});

    // One alert open at a time: each stage superseded the one before.
    const auto list = alerts(s, "case_number=2026-CR-0002&rule=deadline");
    REQUIRE(list.size() == 4);
    CHECK(list[0]["stage"] == "passed");
    CHECK(list[0]["state"] == "open");
    CHECK_THAT(list[0]["summary"].get<std::string>(),
               Catch::StartsWith("2026-CR-0002: the handling deadline passed at"));
    for (int i = 1; i < 4; ++i) CHECK(list[i]["resolved"]["how"] == "superseded");
    CHECK(alerts(s, "case_number=2026-CR-0002&state=active").size() == 1);
    // Meeting the deadline clears it.
    const auto deadline_id = list[0]["details"]["deadline"].get<long long>();
    REQUIRE(
        s.post("/api/v1/dossiers/2026-CR-0002/deadlines/" + std::to_string(deadline_id) + "/met", {{"by", "wang.li"}})
            .status == 200);
    REQUIRE(wait_until([&] { return alert_of(s, "deadline", "2026-CR-0002")["state"] == "resolved"; }, 10s));
    CHECK(alert_of(s, "deadline", "2026-CR-0002")["resolved"]["how"] == "cleared");
}

TEST_CASE("escalation to the unit's supervisors after the set time, never for acknowledged alerts", "[alerts][e2e]") {
    ServerProcess s(kFastRules);
    add_deadline(s, "2026-CR-0002", 1);
    add_deadline(s, "2026-CR-0004", 1);
    s.set_clock(2 * kHour);
    REQUIRE(wait_until([&] { return alerts(s, "rule=deadline&state=open").size() == 2; }, 10s));
    const auto a2 = alert_of(s, "deadline", "2026-CR-0002")["id"].get<long long>();
    const auto a4 = alert_of(s, "deadline", "2026-CR-0004")["id"].get<long long>();
    const auto path = [](long long id, const char* action) {
        return "/api/v1/alerts/" + std::to_string(id) + "/" + action;
    };

    // Only someone it was sent to acknowledges it, once.
    // Someone who may not even see it is answered as for no such alert; a supervisor of the unit, who sees
    // it, is told it was not sent to them (yet: escalation comes later).
    auto r = s.post(path(a4, "acknowledge"), {{"by", "chen.jing"}});
    CHECK(r.status == 404);
    CHECK(r.body["error"]["message"] == "no alert has the id " + std::to_string(a4));
    r = s.post(path(a4, "acknowledge"), {{"by", "zhao.min"}});
    CHECK(r.status == 409);
    CHECK(r.body["error"]["message"] ==
          "zhao.min cannot acknowledge alert " + std::to_string(a4) + ": it was not sent to them");
    r = s.post(path(a4, "acknowledge"), {{"by", "wang.li"}});
    REQUIRE(r.status == 200);
    CHECK(r.body["state"] == "acknowledged");
    CHECK(r.body["acknowledged"]["by"] == "wang.li");
    CHECK(s.post(path(a4, "acknowledge"), {{"by", "wang.li"}}).status == 409);
    CHECK(s.post(path(999999, "acknowledge"), {{"by", "wang.li"}}).status == 404);

    // Team 1 has no supervisor: the escalation goes up to the station's (zhao.min).
    s.set_clock(2 * kHour + 65 * 60);
    REQUIRE(wait_until([&] { return !alert_of(s, "deadline", "2026-CR-0002")["escalated_at"].is_null(); }, 10s));
    s.wait_for_rules();
    CHECK(alert_of(s, "deadline", "2026-CR-0004")["escalated_at"].is_null());
    std::vector<long long> escalated;
    for (const auto& n : notices_of(s, "zhao.min")) {
        if (n["kind"] == "escalated") escalated.push_back(n["alert"]["id"].get<long long>());
    }
    CHECK(escalated == std::vector<long long>{a2});
    CHECK(s.post(path(a2, "acknowledge"), {{"by", "zhao.min"}}).status == 200);

    // Resolving by hand needs a note; the others told of it hear that it is resolved.
    r = s.post(path(a2, "resolve"), {{"by", "zhao.min"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["message"] == "note: is required");
    r = s.post(path(a2, "resolve"), {{"by", "zhao.min"}, {"note", "extension granted by the prosecutor"}});
    REQUIRE(r.status == 200);
    CHECK(r.body["resolved"]["how"] == "by_hand");
    CHECK(r.body["resolved"]["note"] == "extension granted by the prosecutor");
    CHECK(s.post(path(a2, "resolve"), {{"by", "zhao.min"}, {"note", "again"}}).status == 409);
    const auto history = s.get("/api/v1/alerts/" + std::to_string(a2)).body;
    std::set<std::string> told;
    for (const auto& n : history["notices"])
        told.insert(n["kind"].get<std::string>() + ":" + n["to"].get<std::string>());
    CHECK(told == std::set<std::string>{"raised:wang.li", "escalated:zhao.min", "resolved:wang.li"});
    // A resolved deadline alert stays resolved: its stage never comes again.
    s.wait_for_rules();
    CHECK(alerts(s, "case_number=2026-CR-0002&rule=deadline").size() == 1);

    CHECK(s.get("/api/v1/alerts?state=bogus").status == 400);
    CHECK(s.get("/api/v1/alerts?user=nobody").status == 400);
    CHECK(s.get("/api/v1/alerts?colour=red").status == 400);
    CHECK(s.get("/api/v1/alerts/999999").status == 404);
    CHECK(alerts(s, "user=wang.li&state=acknowledged").size() == 1);
    // A person's acknowledging and resolving is in the audit trail as theirs; the rules' own changes (the
    // escalation) as the server's login.
    CHECK(s.db.query_value("SELECT string_agg(actor || ':' || (after->>'state'), ',' ORDER BY seq) FROM audit_log "
                           "WHERE action = 'alerts.update' AND actor NOT LIKE 'db:%'") ==
          "wang.li:acknowledged,zhao.min:acknowledged,zhao.min:resolved");
    CHECK(s.db.query_value("SELECT count(*) FROM audit_log WHERE action = 'alerts.update' AND actor = "
                           "'db:ct_test_server' AND after->>'escalated_at' IS NOT NULL AND "
                           "before->>'escalated_at' IS NULL") == "1");
}

TEST_CASE("custody overdue goes to the holder and clears at check-in, an unconfirmed handover to the giver",
          "[alerts][e2e]") {
    ServerProcess s(kFastRules);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0006/checkout",
                   {{"to", "chen.jing"}, {"purpose", "hearing"}, {"due_back", in_hours(1)}, {"by", "liu.yang"}})
                .status == 201);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0008/checkout",
                   {{"to", "wang.li"}, {"purpose", "review"}, {"due_back", in_hours(24 * 30)}, {"by", "liu.yang"}})
                .status == 201);
    s.wait_for_rules();
    CHECK(alerts(s, "rule=custody_overdue").empty());
    s.set_clock(2 * kHour);
    REQUIRE(wait_until([&] { return !alert_of(s, "custody_overdue", "2026-CR-0006").is_null(); }, 10s));
    const auto overdue = alert_of(s, "custody_overdue", "2026-CR-0006");
    CHECK(overdue["details"]["holder"] == "chen.jing");
    CHECK(alerts(s, "user=chen.jing&rule=custody_overdue").size() == 1);
    CHECK(alerts(s, "user=wang.li&rule=custody_overdue").empty());  // the case handler of 0006 is wang.li
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0006/checkin", {{"by", "liu.yang"}}).status == 200);
    REQUIRE(wait_until([&] { return alert_of(s, "custody_overdue", "2026-CR-0006")["state"] == "resolved"; }, 10s));

    // wang.li hands 0008 to chen.jing, who does not confirm: wang.li, still responsible, is told.
    const auto h = s.post("/api/v1/dossiers/2026-CR-0008/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}});
    REQUIRE(h.status == 201);
    REQUIRE(wait_until([&] { return !alert_of(s, "handover_unconfirmed", "2026-CR-0008").is_null(); }, 10s));
    CHECK(alerts(s, "user=wang.li&rule=handover_unconfirmed").size() == 1);
    REQUIRE(
        s.post("/api/v1/handovers/" + std::to_string(h.body["id"].get<long long>()) + "/confirm", {{"by", "chen.jing"}})
            .status == 200);
    REQUIRE(
        wait_until([&] { return alert_of(s, "handover_unconfirmed", "2026-CR-0008")["state"] == "resolved"; }, 10s));
}

TEST_CASE("the notice WebSocket resumes after a dropped connection with no gap and no repeat", "[alerts][e2e]") {
    ServerProcess s(kFastRules);
    s.set_clock(2 * kHour);
    std::vector<long long> seen;
    const auto take = [&](NoticeClient& c, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            auto notice = c.next(10s);
            REQUIRE(notice);
            CHECK((*notice)["to"] == "wang.li");
            seen.push_back((*notice)["notice"].get<long long>());
        }
    };
    {
        NoticeClient first(s.port, "wang.li");
        for (int n : {2, 4, 6, 8, 10})
            add_deadline(s, "2026-CR-00" + std::string(n < 10 ? "0" : "") + std::to_string(n), 1);
        take(first, 5);
    }  // dropped
    // While nobody listens, more alerts come.
    for (int n : {12, 14, 16, 18, 20}) add_deadline(s, "2026-CR-00" + std::to_string(n), 1);
    REQUIRE(wait_until([&] { return notices_of(s, "wang.li").size() == 10; }, 10s));
    NoticeClient second(s.port, "wang.li", seen.back());
    take(second, 5);
    add_deadline(s, "2026-CR-0022", 1);  // and one while listening again
    take(second, 1);
    CHECK_FALSE(second.next(1500ms));

    std::vector<long long> all;
    for (const auto& n : notices_of(s, "wang.li")) all.push_back(n["notice"].get<long long>());
    CHECK(seen == all);  // every notice, once, in order
    const auto delivered =
        s.get("/api/v1/alerts/" + std::to_string(alerts(s, "case_number=2026-CR-0022")[0]["id"].get<long long>())).body;
    REQUIRE(delivered["deliveries"].size() == 1);
    CHECK(delivered["deliveries"][0]["channel"] == "websocket");

    // A stream for anyone but oneself (here a login nobody has) is refused at the handshake, as is a bad
    // resume point; bytes that are no UTF-8 in the login too, and the server stays up.
    CHECK_THROWS(NoticeClient(s.port, "nobody", 0, s.tokens.at("wang.li")));
    CHECK_THROWS(NoticeClient(s.port, "%FF%FE", 0, s.tokens.at("wang.li")));
    CHECK(s.get("/api/v1/health").status == 200);
    CHECK_THROWS(NoticeClient(s.port, "wang.li", -5));
}

TEST_CASE("the CLI lists, shows, acknowledges and resolves alerts, and watch follows them live", "[alerts][cli][e2e]") {
    ServerProcess s(kFastRules);
    s.set_clock(2 * kHour);
    add_deadline(s, "2026-CR-0002", 1);
    add_deadline(s, "2026-CR-0004", 1);
    REQUIRE(wait_until([&] { return notices_of(s, "wang.li").size() == 2; }, 10s));
    const auto cli = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--url", s.url()});
        return run_cli(args);
    };
    auto r = cli({"alerts", "--user", "wang.li", "--state", "open"});
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("2026-CR-0002: the handling deadline passed at") &&
                             Catch::Contains("2026-CR-0004: the handling deadline passed at"));
    const auto id = std::to_string(alert_of(s, "deadline", "2026-CR-0002")["id"].get<long long>());
    CHECK(cli({"alert", "ack", id, "--by", "wang.li"}).output == "alert " + id + " acknowledged\n");
    r = cli({"alert", "ack", id, "--by", "wang.li"});
    CHECK(r.status == 4);
    CHECK_THAT(r.output, Catch::Contains("was acknowledged by wang.li"));
    r = cli({"alert", "resolve", id, "--by", "wang.li"});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("--note"));
    CHECK(cli({"alert", "resolve", id, "--note", "met on paper", "--by", "wang.li"}).status == 0);
    r = cli({"alert", id});
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("state: resolved (acknowledged by wang.li) (by_hand by wang.li)") &&
                             Catch::Contains("note: met on paper") && Catch::Contains("raised -> wang.li"));
    CHECK(cli({"alert", "999999"}).status == 1);

    // watch: what is there, then what comes while it listens.
    s.dir.write("wang.li.token", s.tokens.at("wang.li") + "\n");
    r = cli({"--token-file", s.dir.file("wang.li.token"), "watch", "wang.li", "--count", "2"});
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("raised #") && Catch::Contains("2026-CR-0004"));
    const auto last = notices_of(s, "wang.li").back()["notice"].get<long long>();
    ChildProcess live(bin_path("casetrail"),
                      {"--url", s.url(), "--token-file", s.dir.file("wang.li.token"), "watch", "wang.li", "--after",
                       std::to_string(last), "--count", "1"},
                      s.dir.file("watch.log"));
    std::this_thread::sleep_for(500ms);
    add_deadline(s, "2026-CR-0006", 1);
    CHECK(live.wait_exit(10s) == 0);
    CHECK_THAT(live.log(), Catch::Contains("2026-CR-0006") && !Catch::Contains("2026-CR-0004"));
    const auto asked = std::chrono::steady_clock::now();
    r = cli({"watch", "nobody"});
    CHECK(r.status == 2);
    CHECK(std::chrono::steady_clock::now() - asked < 10s);  // at once, not after the WebSocket's 30 s handshake timer
    // Another's stream (here with the admin's token) is answered like a login that does not exist.
    CHECK_THAT(r.output, Catch::Contains("cannot follow nobody's notices: no staff member has the login \"nobody\""));
}
