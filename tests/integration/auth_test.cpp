// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Logins, tokens, roles and scope, through the real server process: the allow/deny matrix over every
// route of the server's own route table and every role; reads across units; token expiry and revocation;
// lockout and the login rate; the notice stream for oneself only; logins in the audit trail.

#include <algorithm>
#include <fstream>
#include <regex>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/time_format.hpp"
#include "server/app/api_stack.hpp"
#include "server/domain/principal.hpp"
#include "tests/support/notice_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_tokens.hpp"

using namespace casetrail;
using namespace casetrail::test;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kApi = "/api/v1";

JsonReply call(const ServerProcess& s, const std::string& method, const std::string& target, const std::string& token,
               const json& body = json::object()) {
    // An empty Authorization header keeps the fixture's default token out.
    const std::vector<std::string> headers = {"Authorization: " + (token.empty() ? "" : "Bearer " + token)};
    const auto r = http_send(s.port, method, target, method == "GET" ? "" : body.dump(), headers);
    JsonReply j;
    j.status = r.status;
    j.body = json::parse(r.body, nullptr, false);
    return j;
}

std::string message(const JsonReply& r) { return r.body.is_object() ? r.body["error"].value("message", "") : ""; }

// A person with exactly one role, in unit CID-T1 (where the seeded dossiers are).
std::string person_with_role(ServerProcess& s, const std::string& role) {
    auto login = "matrix." + role;
    s.db.exec("INSERT INTO staff (unit_id, login, name) SELECT id, '" + login + "', 'Matrix " + role +
              "' FROM units WHERE code = 'CID-T1';"
              "INSERT INTO staff_roles (staff_id, role) SELECT id, '" +
              role + "' FROM staff WHERE login = '" + login + "'");
    return login;
}

// The server's route table, built as the server builds it (no request is handled through it here).
std::vector<http::Route> server_routes() {
    static pg::ConnectionPool pool("host=/nonexistent dbname=none connect_timeout=1", 1);
    static const common::SystemClock clock;
    static app::ApiStack stack(pool, clock);
    http::Router router(common::Logger("test", common::LogLevel::error));
    http::add_api_routes(router, stack.services());
    return router.routes();
}

std::string concrete(const std::string& pattern, const std::string& own_login) {
    std::string t = pattern;
    // One's own notices and password; nobody's roles (an empty body would clear the caller's own).
    const bool own = pattern.find("/notices") != std::string::npos || pattern.find("/password") != std::string::npos;
    const std::map<std::string, std::string> values = {
        {"{id}", "2026-CR-0001"}, {"{login}", own ? own_login : "nobody.here"},
        {"{handover}", "1"},      {"{alert}", "1"},
        {"{deadline}", "1"},      {"{volume}", "1"},
        {"{stocktake}", "1"},     {"{import}", "1"},
        {"{token}", "999999"},    {"{code}", "ROOM-1"}};
    for (const auto& [name, value] : values) {
        for (auto at = t.find(name); at != std::string::npos; at = t.find(name)) t.replace(at, name.size(), value);
    }
    REQUIRE(t.find('{') == std::string::npos);
    return t;
}

}  // namespace

TEST_CASE("every route allows exactly the roles the contract names, and nothing without a token", "[auth][e2e]") {
    ServerProcess s;
    std::map<domain::Role, std::string> logins;
    for (auto role : domain::kAllRoles) {
        if (role != domain::Role::gateway) logins[role] = person_with_role(s, std::string(domain::role_name(role)));
    }
    const auto routes = server_routes();
    REQUIRE(routes.size() > 40);
    int allowed = 0, denied = 0;
    for (const auto& route : routes) {
        INFO(route.method << " " << route.pattern);
        // No token, and a token nobody holds.
        const auto anonymous = call(s, route.method, concrete(route.pattern, "sun.hao"), "");
        const auto forged = call(s, route.method, concrete(route.pattern, "sun.hao"), random_token());
        if (route.access.is_public) {
            CHECK(anonymous.status != 401);
            continue;
        }
        CHECK(anonymous.status == 401);
        CHECK(forged.status == 401);
        for (auto role : domain::kAllRoles) {
            INFO("as " << domain::role_name(role));
            // A fresh token for every call: a route may end the token it is called with (logout).
            const bool machine = role == domain::Role::gateway;
            const auto token =
                machine ? mint_machine_token(s.db.conninfo(), "gw-matrix") : mint_token(s.db.conninfo(), logins[role]);
            const auto r = call(s, route.method, concrete(route.pattern, machine ? "gw-matrix" : logins[role]), token);
            INFO(r.status << " " << r.body.dump());
            if (route.access.roles & static_cast<unsigned>(role)) {
                CHECK(r.status != 401);
                CHECK(r.status != 403);
                CHECK(r.status < 500);
                ++allowed;
            } else {
                CHECK(r.status == 403);
                CHECK_THAT(message(r), Catch::Contains("do not allow " + route.method + " " + route.pattern));
                ++denied;
            }
        }
    }
    // The matrix is not trivially one-sided.
    CHECK(allowed > 100);
    CHECK(denied > 40);
}

TEST_CASE("nobody sees a dossier outside their scope, which answers exactly like an unknown one", "[auth][e2e]") {
    ServerProcess s;
    // A second bureau with a dossier of its own.
    REQUIRE(s.post(kApi + "/units", {{"code", "ECO"}, {"name", "Economic Crimes"}, {"kind", "bureau"}}).status == 201);
    REQUIRE(s.post(kApi + "/dossiers", {{"case_number", "2026-EC-0001"}, {"title", "Embezzlement"}, {"unit", "ECO"}})
                .status == 201);
    const auto& wang = s.token_for("wang.li");   // case handler, CID-T1
    const auto& zhao = s.token_for("zhao.min");  // supervisor, CID-S1 (and CID-T1 below it)
    const auto& admin = s.token_for("sun.hao");

    const auto unknown = call(s, "GET", kApi + "/dossiers/2026-EC-0002", wang);
    CHECK(unknown.status == 404);
    for (const auto& suffix : {"", "/location", "/history", "/custody", "/tags", "/transitions"}) {
        INFO(suffix);
        for (const auto* token : {&wang, &zhao}) {
            const auto hidden = call(s, "GET", kApi + "/dossiers/2026-EC-0001" + suffix, *token);
            const auto missing = call(s, "GET", kApi + "/dossiers/2026-EC-0002" + suffix, *token);
            CHECK(hidden.status == 404);
            CHECK(missing.status == 404);
            // Byte for byte the same answer, but for the case number asked about.
            auto expected = missing.body.dump();
            expected = std::regex_replace(expected, std::regex("2026-EC-0002"), "2026-EC-0001");
            CHECK(hidden.body.dump() == expected);
        }
        CHECK(call(s, "GET", kApi + "/dossiers/2026-EC-0001" + suffix, admin).status == 200);
    }
    // Changes too.
    CHECK(call(s, "POST", kApi + "/dossiers/2026-EC-0001/transitions", zhao, {{"to", "in_handling"}}).status == 404);
    // The seeded dossiers (CID-T1) are seen by the case handler of that team and by the station's supervisor.
    CHECK(call(s, "GET", kApi + "/dossiers/2026-CR-0001", wang).status == 200);
    CHECK(call(s, "GET", kApi + "/dossiers/2026-CR-0001", zhao).status == 200);
    // The chen.jing of CID-T1 as a case handler does not see the station's own dossiers: a unit, not the one above.
    REQUIRE(s.post(kApi + "/dossiers", {{"case_number", "2026-ST-0001"}, {"title", "Station file"}, {"unit", "CID-S1"}})
                .status == 201);
    CHECK(call(s, "GET", kApi + "/dossiers/2026-ST-0001", wang).status == 404);
    CHECK(call(s, "GET", kApi + "/dossiers/2026-ST-0001", zhao).status == 200);

    // Search: only what one may see.
    const auto search = [&](const std::string& token, const std::string& query) {
        std::vector<std::string> found;
        const auto reply = call(s, "GET", kApi + "/dossiers?" + query, token);
        for (const auto& d : reply.body["dossiers"]) found.push_back(d["case_number"]);
        return found;
    };
    CHECK(search(admin, "case_number=EC-").size() == 1);
    CHECK(search(wang, "case_number=EC-").empty());
    CHECK(search(zhao, "case_number=EC-").empty());
    CHECK(search(wang, "case_number=ST-").empty());
    CHECK(search(zhao, "case_number=ST-").size() == 1);
    CHECK(search(wang, "limit=500").size() == 40);

    // A case handler sees the dossiers they hold, wherever they belong, for as long as they hold them.
    const auto checkout =
        call(s, "POST", kApi + "/dossiers/2026-EC-0001/checkout", admin,
             {{"to", "wang.li"},
              {"purpose", "joint investigation"},
              {"due_back", common::format_utc(std::chrono::system_clock::now() + std::chrono::hours(24 * 30))}});
    INFO(checkout.body.dump());
    REQUIRE(checkout.status == 201);
    CHECK(call(s, "GET", kApi + "/dossiers/2026-EC-0001", wang).status == 200);
    CHECK(search(wang, "case_number=EC-").size() == 1);
    CHECK(call(s, "GET", kApi + "/dossiers/2026-EC-0001", zhao).status == 404);  // a supervisor does not hold it
    // Handing it on: giver and receiver see the handover; after it, the giver no longer sees the dossier.
    auto h = call(s, "POST", kApi + "/dossiers/2026-EC-0001/handovers", wang, {{"to", "sun.hao"}});
    REQUIRE(h.status == 201);
    const auto handover = std::to_string(h.body["id"].get<long long>());
    CHECK(call(s, "GET", kApi + "/handovers/" + handover, wang).status == 200);
    CHECK(call(s, "GET", kApi + "/handovers/" + handover, zhao).status == 404);
    CHECK(message(call(s, "GET", kApi + "/handovers/" + handover, zhao)) == "no handover has the id " + handover);
    REQUIRE(call(s, "POST", kApi + "/handovers/" + handover + "/confirm", admin).status == 200);
    CHECK(call(s, "GET", kApi + "/dossiers/2026-EC-0001", wang).status == 404);
    CHECK(search(wang, "case_number=EC-").empty());

    // Nobody acts in another's name.
    const auto r = call(s, "POST", kApi + "/dossiers/2026-CR-0002/deadlines", wang,
                        {{"kind", "handling"}, {"due", "2030-01-01T00:00:00Z"}, {"by", "chen.jing"}});
    CHECK(r.status == 403);
    CHECK(message(r) == "\"by\" names chen.jing, but the token is wang.li's");
}

TEST_CASE("alerts and notice streams are one's own", "[auth][e2e]") {
    ServerProcess s;
    const auto& wang = s.token_for("wang.li");
    const auto& chen = s.token_for("chen.jing");
    // A passed deadline on wang.li's dossier: an alert sent to him.
    REQUIRE(s.post(kApi + "/dossiers/2026-CR-0002/deadlines",
                   {{"kind", "handling"}, {"due", "2026-01-01T00:00:00Z"}, {"by", "zhao.min"}})
                .status == 201);
    s.restart();  // the sweep at start raises it
    json alert;
    REQUIRE(wait_until(
        [&] {
            const auto list = call(s, "GET", kApi + "/alerts", wang).body["alerts"];
            if (list.empty()) return false;
            alert = list[0];
            return true;
        },
        15s));
    const auto id = std::to_string(alert["id"].get<long long>());
    CHECK(call(s, "GET", kApi + "/alerts/" + id, wang).status == 200);
    CHECK(call(s, "GET", kApi + "/alerts", chen).body["alerts"].empty());
    const auto other = call(s, "GET", kApi + "/alerts/" + id, chen);
    CHECK(other.status == 404);
    CHECK(message(other) == "no alert has the id " + id);
    CHECK(call(s, "POST", kApi + "/alerts/" + id + "/acknowledge", chen).status == 404);
    CHECK(call(s, "GET", kApi + "/alerts?user=wang.li", chen).status == 403);
    CHECK(call(s, "GET", kApi + "/alerts?user=wang.li", s.token_for("sun.hao")).body["alerts"].size() == 1);
    // Notices: one's own; another's answered as a login that does not exist.
    CHECK_FALSE(call(s, "GET", kApi + "/staff/wang.li/notices", wang).body["notices"].empty());
    const auto theirs = call(s, "GET", kApi + "/staff/wang.li/notices", chen);
    CHECK(theirs.status == 404);
    CHECK(message(theirs) == "no staff member has the login \"wang.li\"");

    // The live stream: only with one's own token.
    NoticeClient mine(s.port, "wang.li", 0, wang);
    const auto first = mine.next(5s);
    REQUIRE(first);
    CHECK((*first)["alert"]["id"].get<long long>() == alert["id"].get<long long>());
    CHECK_THROWS(NoticeClient(s.port, "wang.li", 0, chen));
    CHECK_THROWS(NoticeClient(s.port, "wang.li", 0, s.token_for("sun.hao")));
    CHECK_THROWS(NoticeClient(s.port, "wang.li", 0, random_token()));
    CHECK_THROWS(NoticeClient(s.port, "wang.li", 0, ""));
}

TEST_CASE("passwords, logins, lockout, expiry and revocation", "[auth][e2e]") {
    ServerProcess s(json{{"auth", {{"max_failures", 3}, {"lockout_s", 600}, {"login_attempts_per_minute", 50}}}});
    const auto& admin = s.token_for("sun.hao");
    const std::string password = "correct horse battery";
    auto r = call(s, "PUT", kApi + "/staff/wang.li/password", admin, {{"password", password}});
    REQUIRE(r.status == 200);
    CHECK(call(s, "PUT", kApi + "/staff/wang.li/password", admin, {{"password", "short"}}).status == 400);
    CHECK(s.db.query_value("SELECT password_hash LIKE '$argon2id$v=19$m=65536,t=2,p=1$%' FROM credentials c "
                           "JOIN staff s ON s.id = c.staff_id WHERE s.login = 'wang.li'") == "t");
    // Only the person (with their current password) or an admin sets it.
    CHECK(call(s, "PUT", kApi + "/staff/wang.li/password", s.token_for("chen.jing"), {{"password", "x123456789012"}})
              .status == 403);

    const auto login = [&](const std::string& who, const std::string& pw) {
        return call(s, "POST", kApi + "/login", "", {{"login", who}, {"password", pw}});
    };
    r = login("wang.li", password);
    REQUIRE(r.status == 200);
    const auto session = r.body["token"].get<std::string>();
    CHECK(r.body["kind"] == "session");
    auto me = call(s, "GET", kApi + "/me", session);
    CHECK(me.status == 200);
    CHECK(me.body["name"] == "wang.li");
    CHECK(me.body["roles"] == json::array({"case_handler"}));
    CHECK(me.body["units"] == json::array({"CID-T1"}));

    // Every refusal reads the same: unknown login, wrong password, no password set.
    const auto refused = login("wang.li", "wrong password!").body.dump();
    CHECK(login("nobody", "wrong password!").body.dump() == refused);
    CHECK(login("chen.jing", "wrong password!").body.dump() == refused);
    CHECK(login("wang.li", "wrong password!").status == 401);
    // The third wrong password in a row locks the login: the right one is refused alike.
    CHECK(login("wang.li", "wrong password!").status == 401);
    r = login("wang.li", password);
    CHECK(r.status == 401);
    CHECK(r.body.dump() == refused);
    s.set_clock(601);  // the lock passes
    CHECK(login("wang.li", password).status == 200);
    s.set_clock(0);

    // One's own password, with the current one.
    CHECK(call(s, "PUT", kApi + "/staff/wang.li/password", session, {{"password", "another long one"}}).status == 400);
    CHECK(call(s, "PUT", kApi + "/staff/wang.li/password", session,
               {{"password", "another long one"}, {"current_password", "wrong password!"}})
              .status == 403);
    CHECK(call(s, "PUT", kApi + "/staff/wang.li/password", session,
               {{"password", "another long one"}, {"current_password", password}})
              .status == 200);
    CHECK(login("wang.li", password).status == 401);
    CHECK(login("wang.li", "another long one").status == 200);

    // API tokens: made, listed, expired, revoked.
    r = call(s, "POST", kApi + "/tokens", session, {{"label", "scanner"}, {"expires_in_s", 3600}});
    REQUIRE(r.status == 201);
    const auto api = r.body["token"].get<std::string>();
    const auto api_id = std::to_string(r.body["id"].get<long long>());
    CHECK(call(s, "GET", kApi + "/me", api).status == 200);
    const auto listed = call(s, "GET", kApi + "/tokens", api).body["tokens"];
    CHECK(std::any_of(listed.begin(), listed.end(),
                      [&](const json& t) { return t["label"] == "scanner" && !t.contains("token"); }));
    s.set_clock(3601);
    CHECK(call(s, "GET", kApi + "/me", api).status == 401);
    s.set_clock(0);
    CHECK(call(s, "GET", kApi + "/me", api).status == 200);
    CHECK(call(s, "POST", kApi + "/tokens/" + api_id + "/revoke", s.token_for("chen.jing")).status ==
          404);  // not theirs
    r = call(s, "POST", kApi + "/tokens/" + api_id + "/revoke", session);
    CHECK(r.status == 200);
    CHECK(r.body["revoked_at"].is_string());
    CHECK(call(s, "GET", kApi + "/me", api).status == 401);
    CHECK(call(s, "POST", kApi + "/tokens/" + api_id + "/revoke", session).status == 409);
    // Logging out ends the session's token.
    CHECK(call(s, "POST", kApi + "/logout", session).status == 200);
    CHECK(call(s, "GET", kApi + "/me", session).status == 401);

    // A machine's token (admins only): a gateway reads readers and nothing of the register.
    CHECK(call(s, "POST", kApi + "/tokens", s.token_for("zhao.min"), {{"machine", "gw-1"}}).status == 403);
    r = call(s, "POST", kApi + "/tokens", admin, {{"machine", "gw-1"}, {"expires_in_s", 86400}});
    REQUIRE(r.status == 201);
    const auto machine = r.body["token"].get<std::string>();
    me = call(s, "GET", kApi + "/me", machine);
    CHECK(me.body["kind"] == "machine");
    CHECK(me.body["roles"] == json::array({"gateway"}));
    CHECK(call(s, "GET", kApi + "/readers", machine).status == 200);
    CHECK(call(s, "GET", kApi + "/dossiers/2026-CR-0001", machine).status == 403);

    // Every step is in the audit trail, chained, with who did it.
    const auto kinds = s.db.query_value("SELECT string_agg(DISTINCT kind, ',' ORDER BY kind) FROM auth_events");
    CHECK(kinds == "locked_out,login,login_refused,logout,password_set,token_issued,token_revoked");
    CHECK(s.db.query_value("SELECT count(*) FROM audit_log WHERE action = 'auth_events.insert'") ==
          s.db.query_value("SELECT count(*) FROM auth_events"));
    CHECK(s.db.query_value(
              "SELECT actor FROM audit_log WHERE action = 'auth_events.insert' AND after->>'kind' = 'logout'") ==
          "wang.li");
    CHECK(s.db.query_value("SELECT count(*) FROM audit_log WHERE after::text LIKE '%argon2id%' OR after::text LIKE '%" +
                           api + "%'") == "0");
    CHECK(call(s, "GET", kApi + "/audit/verify", admin).body["intact"] == true);
}

TEST_CASE("login attempts from one address are limited per minute", "[auth][e2e]") {
    ServerProcess s(json{{"auth", {{"login_attempts_per_minute", 4}}}});
    for (int i = 0; i < 4; ++i) {
        CHECK(call(s, "POST", kApi + "/login", "",
                   {{"login", "wang.li"}, {"password", "guess number " + std::to_string(i)}})
                  .status == 401);
    }
    const auto r =
        http_send(s.port, "POST", kApi + "/login",
                  json{{"login", "chen.jing"}, {"password", "any guess at all"}}.dump(), {"Authorization: "});
    CHECK(r.status == 429);
    CHECK_THAT(r.head, Catch::Contains("Retry-After: "));
    // The minute passes on the server's clock.
    s.set_clock(61);
    CHECK(call(s, "POST", kApi + "/login", "", {{"login", "wang.li"}, {"password", "guess number 5"}}).status == 401);
}

TEST_CASE("the operator sets the first password, and the CLI logs in with it", "[auth][e2e][cli]") {
    ServerProcess s;
    const auto set =
        run_command("/bin/sh", {"-c", "printf 'first admin password\\n' | " + bin_path("casetrail-server") +
                                          " set-password --config " + s.dir.file("server.json") + " --login sun.hao"});
    CHECK(set.status == 0);
    CHECK_THAT(set.output, Catch::Contains("password set for sun.hao"));
    const auto bad =
        run_command("/bin/sh", {"-c", "printf 'short\\n' | " + bin_path("casetrail-server") +
                                          " set-password --config " + s.dir.file("server.json") + " --login sun.hao"});
    CHECK(bad.status == 2);
    CHECK_THAT(bad.output, Catch::Contains("a password must be 10 to 1024 bytes long"));
    const auto nobody =
        run_command("/bin/sh", {"-c", "printf 'first admin password\\n' | " + bin_path("casetrail-server") +
                                          " set-password --config " + s.dir.file("server.json") + " --login nobody"});
    CHECK(nobody.status == 4);

    const auto login = run_command("/bin/sh", {"-c", "printf 'first admin password\\n' | " + bin_path("casetrail") +
                                                         " --url " + s.url() + " login sun.hao 2>/dev/null"});
    REQUIRE(login.status == 0);
    const auto token = login.output.substr(0, login.output.find('\n'));
    CHECK(token.size() == 46);
    const auto where =
        run_command(bin_path("casetrail"), {"--url", s.url(), "where", "2026-CR-0001"}, {"CASETRAIL_TOKEN=" + token});
    CHECK(where.status == 0);
    const auto none =
        run_command(bin_path("casetrail"), {"--url", s.url(), "where", "2026-CR-0001"}, {"CASETRAIL_TOKEN="});
    CHECK(none.status == 6);
    CHECK_THAT(none.output, Catch::Contains("this needs a token"));
    // The operator's change is in the trail.
    CHECK(s.db.query_value("SELECT detail FROM auth_events WHERE kind = 'password_set'") ==
          "set by the operator (casetrail-server set-password)");
}

TEST_CASE("registering, tagging, importing and stock-taking stay within one's units", "[auth][e2e]") {
    ServerProcess s;
    const auto& admin = s.token_for("sun.hao");
    const auto& zhao = s.token_for("zhao.min");  // supervisor of CID-S1 (and CID-T1 below it)
    const auto& liu = s.token_for("liu.yang");   // clerk of CID-S1
    REQUIRE(call(s, "POST", kApi + "/units", admin, {{"code", "ECO"}, {"name", "Economic Crimes"}, {"kind", "bureau"}})
                .status == 201);
    REQUIRE(call(s, "POST", kApi + "/dossiers", admin,
                 {{"case_number", "2026-EC-0001"}, {"title", "Embezzlement"}, {"unit", "ECO"}, {"home", "HQ-R1-C1-S1"}})
                .status == 201);
    REQUIRE(call(s, "POST", kApi + "/dossiers/2026-EC-0001/volumes/1/tag", admin, {{"epc", "E2B0000000000000000000EC"}})
                .status == 200);

    // Registering: for one's own units only (an unknown unit is still named as unknown).
    auto r =
        call(s, "POST", kApi + "/dossiers", zhao, {{"case_number", "2026-ST-0009"}, {"title", "t"}, {"unit", "ECO"}});
    CHECK(r.status == 403);
    CHECK(message(r) == "you register dossiers for your own units only, not ECO");
    CHECK(call(s, "POST", kApi + "/dossiers", zhao, {{"case_number", "2026-ST-0009"}, {"title", "t"}, {"unit", "NOPE"}})
              .status == 400);
    CHECK(
        call(s, "POST", kApi + "/dossiers", zhao, {{"case_number", "2026-ST-0009"}, {"title", "t"}, {"unit", "CID-T1"}})
            .status == 201);

    // Tagging one's own dossier with a tag bound to another unit's: refused without naming that dossier.
    r = call(s, "POST", kApi + "/dossiers/2026-ST-0009/volumes/1/tag", zhao, {{"epc", "E2B0000000000000000000EC"}});
    CHECK(r.status == 409);
    CHECK(message(r) ==
          "tag E2B0000000000000000000EC is bound to a dossier of another unit; it must be unbound there first");

    // A handover is started by the holder only.
    REQUIRE(call(s, "POST", kApi + "/dossiers/2026-CR-0002/checkout", admin,
                 {{"to", "wang.li"},
                  {"purpose", "hearing"},
                  {"due_back", common::format_utc(std::chrono::system_clock::now() + std::chrono::hours(48))}})
                .status == 201);
    r = call(s, "POST", kApi + "/dossiers/2026-CR-0002/handovers", zhao, {{"to", "zhao.min"}});
    CHECK(r.status == 409);
    CHECK(message(r) == "only wang.li, who holds 2026-CR-0002, can hand it over");

    // Imports: one's own units only; another unit's dossier and tag are not named; an import is its starter's.
    s.dir.write("eco.csv",
                "case_number,title,unit,epc\n"
                "2026-EC-0002,Fraud,ECO,\n"                               // 2: not one's unit
                "2026-ST-0010,Theft,CID-T1,E2B0000000000000000000EC\n");  // 3: a tag of ECO's
    auto cli = run_command(bin_path("casetrail"), {"--url", s.url(), "import", s.dir.file("eco.csv"), "--dry-run"},
                           {"CASETRAIL_TOKEN=" + liu});
    CHECK_THAT(
        cli.output,
        Catch::Contains("line 2: unit: \"ECO\" is not one of the units you may import into") &&
            Catch::Contains("line 3: epc: tag E2B0000000000000000000EC is bound to a dossier outside your units") &&
            !Catch::Contains("2026-EC-0001"));
    r = call(s, "POST", kApi + "/imports", liu, {{"source", "mine.csv"}});
    REQUIRE(r.status == 201);
    const auto import = std::to_string(r.body["id"].get<long long>());
    const auto someone_elses = call(s, "GET", kApi + "/imports/" + import, mint_token(s.db.conninfo(), "sun.hao"));
    CHECK(someone_elses.status == 200);  // an admin's
    const auto other_clerk = person_with_role(s, "clerk");
    const auto theirs = call(s, "GET", kApi + "/imports/" + import, mint_token(s.db.conninfo(), other_clerk));
    CHECK(theirs.status == 404);
    CHECK(message(theirs) == "no import has the id " + import);
    CHECK(call(s, "POST", kApi + "/imports/" + import + "/commit", mint_token(s.db.conninfo(), other_clerk)).status ==
          404);

    // Stock-taking a shared room: the result names only the dossiers one may see, and counts the rest.
    r = call(s, "POST", kApi + "/stocktakes", liu, {{"scope", "HQ-R1-C1-S1"}});
    REQUIRE(r.status == 201);
    const auto st = std::to_string(r.body["id"].get<long long>());
    const auto as_clerk = call(s, "GET", kApi + "/stocktakes/" + st, liu);
    REQUIRE(as_clerk.status == 200);
    CHECK(as_clerk.body["hidden"] == 1);
    CHECK(as_clerk.body.dump().find("2026-EC-0001") == std::string::npos);
    CHECK(as_clerk.body["summary"]["missing"].get<int>() == as_clerk.body["stocktake"]["expected"].get<int>());
    const auto as_admin = call(s, "GET", kApi + "/stocktakes/" + st, admin);
    CHECK(as_admin.body["hidden"] == 0);
    CHECK(as_admin.body.dump().find("2026-EC-0001") != std::string::npos);
    CHECK(as_admin.body["items"].size() == as_clerk.body["items"].size() + 1);
    const auto csv =
        http_send(s.port, "GET", kApi + "/stocktakes/" + st + "?format=csv", "", {"Authorization: Bearer " + liu});
    CHECK(csv.status == 200);
    CHECK(csv.body.find("2026-EC-0001") == std::string::npos);
}

TEST_CASE("a password change ends the person's other tokens, and API tokens come only from a login", "[auth][e2e]") {
    ServerProcess s;
    const auto& admin = s.token_for("sun.hao");
    REQUIRE(call(s, "PUT", kApi + "/staff/chen.jing/password", admin, {{"password", "first password!"}}).status == 200);
    const auto login = [&] {
        return call(s, "POST", kApi + "/login", "", {{"login", "chen.jing"}, {"password", "first password!"}})
            .body.value("token", "");
    };
    const auto session = login(), other_session = login();
    REQUIRE(!session.empty());
    auto r = call(s, "POST", kApi + "/tokens", session, {{"label", "scanner"}});
    REQUIRE(r.status == 201);
    const auto api = r.body["token"].get<std::string>();
    // An API token cannot mint more.
    r = call(s, "POST", kApi + "/tokens", api, {{"label", "more"}});
    CHECK(r.status == 403);
    // The person changes their password: the session making the change goes on, every other token ends.
    CHECK(call(s, "PUT", kApi + "/staff/chen.jing/password", session,
               {{"password", "second password!"}, {"current_password", "first password!"}})
              .status == 200);
    CHECK(call(s, "GET", kApi + "/me", session).status == 200);
    CHECK(call(s, "GET", kApi + "/me", other_session).status == 401);
    CHECK(call(s, "GET", kApi + "/me", api).status == 401);
    // An admin's reset ends them all.
    CHECK(call(s, "PUT", kApi + "/staff/chen.jing/password", admin, {{"password", "third password!"}}).status == 200);
    CHECK(call(s, "GET", kApi + "/me", session).status == 401);
    // A login typed as a password never reaches the trail.
    call(s, "POST", kApi + "/login", "", {{"login", "my secret pass phrase"}, {"password", "x"}});
    CHECK(s.db.query_value("SELECT count(*) FROM audit_log WHERE after::text LIKE '%secret pass%'") == "0");
    CHECK(s.db.query_value("SELECT count(*) FROM auth_events WHERE login = '(not a login name)'") == "1");
}

TEST_CASE("a notice stream ends when its token is revoked", "[auth][alerts][e2e]") {
    ServerProcess s;
    const auto token = mint_token(s.db.conninfo(), "wang.li");
    NoticeClient stream(s.port, "wang.li", 0, token);
    CHECK_FALSE(stream.closed());
    REQUIRE(call(s, "POST", kApi + "/logout", token).status == 200);
    // Checked before every fetch, and at least every 5 s.
    const auto why = stream.next(8s);
    REQUIRE(why);
    CHECK((*why)["error"]["code"] == "unauthorized");
    CHECK(wait_until([&] { return stream.closed(); }, 5s));
}

namespace {

// A request from another loopback address (127.0.0.2, ...): the server counts failures per address.
JsonReply call_from(const ServerProcess& s, const std::string& source, const std::string& method,
                    const std::string& target, const std::string& token, const json& body = json::object()) {
    const std::vector<std::string> headers = {"Authorization: " + (token.empty() ? "" : "Bearer " + token)};
    const auto r = http_send_from(source, s.port, method, target, body.dump(), headers);
    JsonReply j;
    j.status = r.status;
    j.body = json::parse(r.body, nullptr, false);
    return j;
}

JsonReply login_from(const ServerProcess& s, const std::string& source, const std::string& who, const std::string& pw) {
    return call_from(s, source, "POST", kApi + "/login", "", {{"login", who}, {"password", pw}});
}

}  // namespace

TEST_CASE("a password is changed only with a login's token, never while locked out, and an admin gives the current one",
          "[auth][e2e]") {
    ServerProcess s(json{{"auth", {{"max_failures", 3}, {"lockout_s", 900}}}});
    const auto second_admin = mint_token(s.db.conninfo(), person_with_role(s, "admin"));
    const std::string first = "first password!", second = "second password!";
    REQUIRE(call(s, "PUT", kApi + "/staff/wang.li/password", second_admin, {{"password", first}}).status == 200);
    REQUIRE(call(s, "PUT", kApi + "/staff/sun.hao/password", second_admin, {{"password", first}}).status == 200);
    const auto session = login_from(s, "127.0.0.1", "wang.li", first).body.value("token", "");
    REQUIRE(!session.empty());

    // An API token, even with the right current password, changes no password: a leaked one must not
    // take its person over. Nor an admin's API token anyone's.
    auto r = call(s, "POST", kApi + "/tokens", session, {{"label", "scanner"}});
    REQUIRE(r.status == 201);
    const auto api = r.body["token"].get<std::string>();
    r = call(s, "PUT", kApi + "/staff/wang.li/password", api, {{"password", second}, {"current_password", first}});
    CHECK(r.status == 403);
    CHECK(message(r) == "a password is set with a login's token (POST /api/v1/login), not with an API token");
    const auto admin_session = login_from(s, "127.0.0.1", "sun.hao", first).body.value("token", "");
    REQUIRE(!admin_session.empty());
    r = call(s, "POST", kApi + "/tokens", admin_session, {{"label", "admin script"}});
    REQUIRE(r.status == 201);
    CHECK(call(s, "PUT", kApi + "/staff/wang.li/password", r.body["token"].get<std::string>(), {{"password", second}})
              .status == 403);
    CHECK(login_from(s, "127.0.0.1", "wang.li", first).status == 200);  // unchanged

    // An admin changing their own password gives the current one, like anyone.
    r = call(s, "PUT", kApi + "/staff/sun.hao/password", admin_session, {{"password", second}});
    CHECK(r.status == 400);
    CHECK(message(r) == "current_password is required to change one's own password");
    r = call(s, "PUT", kApi + "/staff/sun.hao/password", admin_session,
             {{"password", second}, {"current_password", "wrong password!"}});
    CHECK(r.status == 403);
    CHECK(message(r) == "the current password is wrong");
    CHECK(login_from(s, "127.0.0.2", "sun.hao", first).status == 200);
    CHECK(call(s, "PUT", kApi + "/staff/sun.hao/password", admin_session,
               {{"password", second}, {"current_password", first}})
              .status == 200);
    CHECK(login_from(s, "127.0.0.2", "sun.hao", second).status == 200);

    // Wrong current passwords count like wrong logins: the third locks this address out, and then the
    // right one is refused too, with the lockout's message, until an admin unlocks the login.
    for (int i = 0; i < 3; ++i) {
        r = call(s, "PUT", kApi + "/staff/wang.li/password", session,
                 {{"password", second}, {"current_password", "guess " + std::to_string(i) + "!!!!"}});
        CHECK(r.status == 403);
    }
    const auto locked =
        http_send(s.port, "PUT", kApi + "/staff/wang.li/password",
                  json{{"password", second}, {"current_password", first}}.dump(), {"Authorization: Bearer " + session});
    CHECK(locked.status == 429);
    CHECK_THAT(locked.head, Catch::Contains("Retry-After: "));
    CHECK_THAT(locked.body, Catch::Contains("wang.li is locked out after too many wrong passwords until ") &&
                                Catch::Contains("once an admin unlocks it"));
    CHECK(login_from(s, "127.0.0.1", "wang.li", first).status == 401);  // the same lock as a login's
    CHECK(s.db.query_value("SELECT count(*) FROM auth_events WHERE kind = 'login_refused' "
                           "AND detail = 'wrong current password (password change)'") == "4");
    CHECK(s.db.query_value("SELECT count(*) FROM auth_events WHERE kind = 'login_refused' "
                           "AND detail = 'locked (password change)'") == "1");
    REQUIRE(call(s, "POST", kApi + "/staff/wang.li/unlock", admin_session).status == 200);
    CHECK(call(s, "PUT", kApi + "/staff/wang.li/password", session, {{"password", second}, {"current_password", first}})
              .status == 200);
    CHECK(login_from(s, "127.0.0.1", "wang.li", second).status == 200);
}

TEST_CASE("a guesser at one address does not lock the owner out, and an admin unlocks a login many addresses locked",
          "[auth][e2e]") {
    // One address reaches at most 3 x (1800/900 + 1) = 9 wrong passwords in a window: below the 10 that
    // lock the login itself.
    ServerProcess s(json{{"auth",
                          {{"max_failures", 3},
                           {"lockout_s", 900},
                           {"login_max_failures", 10},
                           {"login_window_s", 1800},
                           {"login_lockout_s", 3600}}}});
    const auto& admin = s.token_for("sun.hao");
    const std::string password = "the owner's password";
    REQUIRE(call(s, "PUT", kApi + "/staff/wang.li/password", admin, {{"password", password}}).status == 200);
    const std::string attacker = "127.0.0.2", owner = "127.0.0.3";
    const auto guess = [&](const std::string& from, int n) {
        for (int i = 0; i < n; ++i) {
            CHECK(login_from(s, from, "wang.li", "guess " + std::to_string(i) + " from " + from).status == 401);
        }
    };

    // Three wrong passwords lock the guesser's address out, and only it: even the right password is
    // refused there, while the owner logs in from elsewhere.
    guess(attacker, 3);
    const auto refused = login_from(s, attacker, "wang.li", password);
    CHECK(refused.status == 401);
    CHECK(message(refused) == "login refused: the login or password is wrong, or the login is locked for a while");
    CHECK(login_from(s, owner, "wang.li", password).status == 200);
    // The lock passes and the guesser goes on: still only their address is locked out.
    s.set_clock(901);
    guess(attacker, 3);
    CHECK(login_from(s, attacker, "wang.li", password).status == 401);
    CHECK(login_from(s, owner, "wang.li", password).status == 200);
    const auto session = login_from(s, owner, "wang.li", password).body.value("token", "");
    REQUIRE(!session.empty());

    // Many addresses together: the login is locked for everyone at the tenth wrong password (the
    // owner's logins meanwhile did not clear the count), the owner too, and their password change.
    guess("127.0.0.4", 3);
    CHECK(login_from(s, owner, "wang.li", password).status == 200);  // nine: not yet
    guess("127.0.0.5", 1);
    CHECK(login_from(s, owner, "wang.li", password).status == 401);
    {
        const auto r = call_from(s, owner, "PUT", kApi + "/staff/wang.li/password", session,
                                 {{"password", "a new password"}, {"current_password", password}});
        CHECK(r.status == 429);
        CHECK_THAT(message(r), Catch::Contains("wang.li is locked out after too many wrong passwords"));
    }
    CHECK(s.db.query_value("SELECT string_agg(detail, ' | ' ORDER BY id) FROM auth_events WHERE kind = 'locked_out'") ==
          "3 wrong passwords in a row from 127.0.0.2: that address is locked out of the login for 900 s | "
          "3 wrong passwords in a row from 127.0.0.2: that address is locked out of the login for 900 s | "
          "3 wrong passwords in a row from 127.0.0.4: that address is locked out of the login for 900 s | "
          "10 wrong passwords within 1800 s from any address: the login is locked for everyone for 3600 s, or "
          "until an admin unlocks it");
    CHECK(s.db.query_value(
              "SELECT count(*) FROM auth_events WHERE kind = 'login_refused' AND detail = 'wrong password'") == "10");

    // Only an admin unlocks.
    for (const auto* who : {"wang.li", "zhao.min", "liu.yang"}) {
        const auto r = call(s, "POST", kApi + "/staff/wang.li/unlock", mint_token(s.db.conninfo(), who));
        CHECK(r.status == 403);
        CHECK_THAT(message(r), Catch::Contains("do not allow POST /api/v1/staff/{login}/unlock"));
    }
    CHECK(call(s, "POST", kApi + "/staff/nobody.here/unlock", admin).status == 404);
    CHECK(login_from(s, owner, "wang.li", password).status == 401);
    auto r = call(s, "POST", kApi + "/staff/wang.li/unlock", admin);
    REQUIRE(r.status == 200);
    CHECK(r.body == json{{"login", "wang.li"}, {"login_was_locked", true}, {"addresses_unlocked", 2}});
    CHECK(login_from(s, owner, "wang.li", password).status == 200);
    CHECK(login_from(s, attacker, "wang.li", password).status == 200);  // the addresses' locks are lifted too
    // In the trail, with who did it.
    CHECK(s.db.query_value("SELECT detail FROM auth_events WHERE kind = 'unlocked'") ==
          "the login was locked; 2 address(es) locked out of it unlocked");
    CHECK(s.db.query_value("SELECT actor FROM audit_log WHERE action = 'auth_events.insert' "
                           "AND after->>'kind' = 'unlocked'") == "sun.hao");
    r = call(s, "POST", kApi + "/staff/wang.li/unlock", admin);
    CHECK(r.body == json{{"login", "wang.li"}, {"login_was_locked", false}, {"addresses_unlocked", 0}});
}

TEST_CASE("a limit per login that one address could reach alone stops the start", "[auth][cli]") {
    TempDir dir;
    dir.write("server.json",
              R"({"database": "x", "auth": {"max_failures": 5, "lockout_s": 60, "login_max_failures": 50}})");
    const auto r = run_command(bin_path("casetrail-server"), {"serve", "--config", dir.file("server.json")});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains(dir.file("server.json") +
                                         ": auth.login_max_failures: must be above 305, the most one address can reach "
                                         "in login_window_s (3600 s) at max_failures (5) per lockout_s (60 s)"));
    dir.write("server.json", R"({"database": "x", "auth": {"login_window_s": 10}})");
    CHECK_THAT(run_command(bin_path("casetrail-server"), {"serve", "--config", dir.file("server.json")}).output,
               Catch::Contains("auth.login_window_s: "));
}

TEST_CASE("password changes take the same few Argon2id slots as logins", "[auth][e2e]") {
    // One slot: of password resets sent at once to four workers, some find it taken and answer busy
    // (429), as a login would, instead of all hashing at once.
    ServerProcess s(json{{"auth", {{"concurrent_logins", 1}}}});
    const auto& admin = s.token_for("sun.hao");
    int busy = 0, set = 0, other = 0;
    for (int round = 0; round < 5 && busy == 0; ++round) {
        std::vector<std::thread> senders;
        std::vector<HttpReply> replies(8);
        for (std::size_t i = 0; i < replies.size(); ++i) {
            senders.emplace_back([&, i] {
                replies[i] = http_send(s.port, "PUT", kApi + "/staff/chen.jing/password",
                                       json{{"password", "password number " + std::to_string(i)}}.dump(),
                                       {"Authorization: Bearer " + admin});
            });
        }
        for (auto& t : senders) t.join();
        for (const auto& r : replies) {
            if (r.status == 429 && r.body.find("busy with other password checks") != std::string::npos) {
                ++busy;
            } else if (r.status == 200) {
                ++set;
            } else {
                ++other;
            }
        }
    }
    CHECK(busy > 0);
    CHECK(set > 0);
    CHECK(other == 0);
}
