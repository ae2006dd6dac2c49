// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, through the server process: the UI's files at / with the security headers on every answer,
// and a browser's session: signing in sets an HttpOnly cookie, a change made with it needs the CSRF token
// and our own Origin, another site's sign-in and WebSocket are refused, signing out ends it at once.

#include <catch2/catch.hpp>

#include <filesystem>

#include "common/time_format.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {

const std::string kPassword = "correct horse battery";

// The value of a header in a reply's head ("" when absent); the first when there are several.
std::string header(const HttpReply& r, const std::string& name) {
    std::string lower_head = r.head, lower_name = name + ":";
    for (auto& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : lower_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower_head.find("\r\n" + lower_name);
    if (at == std::string::npos) return "";
    const auto start = at + 2 + lower_name.size();
    const auto end = r.head.find("\r\n", start);
    auto v = r.head.substr(start, end - start);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    return v;
}

struct Browser {
    explicit Browser(const ServerProcess& server) : s(server) {}
    const ServerProcess& s;
    std::string cookie, csrf;
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(s.port); }
    std::vector<std::string> headers(const std::string& from, bool with_csrf) const {
        std::vector<std::string> h{"Authorization:", "Host: 127.0.0.1:" + std::to_string(s.port)};
        if (!from.empty()) h.push_back("Origin: " + from);
        if (!cookie.empty()) h.push_back("Cookie: theme=1; ct_session=" + cookie);
        if (with_csrf && !csrf.empty()) h.push_back("X-CSRF-Token: " + csrf);
        return h;
    }
    HttpReply send(const std::string& method, const std::string& target, const json& body = nullptr,
                   bool with_csrf = true, const std::string& from = "same") const {
        return http_send(s.port, method, target, body.is_null() ? "" : body.dump(),
                         headers(from == "same" ? origin() : from, with_csrf));
    }
    HttpReply sign_in(const std::string& login, const std::string& from = "same") {
        auto r = send("POST", "/api/v1/session", {{"login", login}, {"password", kPassword}}, false, from);
        if (r.status == 200) {
            const auto set = header(r, "Set-Cookie");
            cookie = set.substr(set.find('=') + 1, set.find(';') - set.find('=') - 1);
            csrf = json::parse(r.body)["csrf_token"];
        }
        return r;
    }
};

void give_password(ServerProcess& s, const std::string& login) {
    REQUIRE(s.put("/api/v1/staff/" + login + "/password", {{"password", kPassword}}).status == 200);
}

TempDir built_ui() {
    TempDir ui;
    std::filesystem::create_directory(ui.file("assets"));
    ui.write("index.html", "<!doctype html><html lang=\"zh-CN\"><title>Casetrail</title></html>");
    ui.write("assets/app-1a2b.js", "export{}");
    return ui;
}

}  // namespace

TEST_CASE("the UI's files are served at /, and every answer carries the security headers", "[web][e2e]") {
    const auto ui = built_ui();
    ServerProcess s(json{{"http", {{"port", 0}, {"web_root", ui.path()}}}});
    auto page = http_send(s.port, "GET", "/dossiers/2026-CR-0001", "", {"Authorization:"});
    CHECK(page.status == 200);
    CHECK(header(page, "Content-Type") == "text/html; charset=utf-8");
    CHECK(header(page, "Cache-Control") == "no-store");
    CHECK_THAT(page.body, Catch::Contains("Casetrail"));
    const auto asset = http_send(s.port, "GET", "/assets/app-1a2b.js", "", {"Authorization:"});
    CHECK(asset.status == 200);
    CHECK(header(asset, "Cache-Control") == "public, max-age=31536000, immutable");
    const auto api = http_send(s.port, "GET", "/api/v1/health", "", {"Authorization:"});
    const HttpReply* answers[] = {&page, &asset, &api};
    CHECK(api.status == 200);
    for (const auto* r : answers) {
        const auto csp = header(*r, "Content-Security-Policy");
        CHECK_THAT(csp, Catch::Contains("script-src 'self'"));
        CHECK_THAT(csp, Catch::Contains("frame-ancestors 'none'"));
        CHECK(csp.find("unsafe-inline") == std::string::npos);
        CHECK(header(*r, "X-Content-Type-Options") == "nosniff");
        CHECK(header(*r, "Referrer-Policy") == "no-referrer");
    }
    // The API keeps /api/: an unknown API path is the API's 404, not the UI's page.
    const auto unknown = http_send(s.port, "GET", "/api/v1/nothing", "");
    CHECK(unknown.status == 404);
    CHECK(header(unknown, "Content-Type") == "application/json; charset=utf-8");
}

TEST_CASE("a server without the UI runs the API alone, and a web root without the UI stops its start", "[web][e2e]") {
    ServerProcess s;
    CHECK(http_send(s.port, "GET", "/", "", {"Authorization:"}).status == 404);
    CHECK(http_send(s.port, "GET", "/api/v1/health", "", {"Authorization:"}).status == 200);
    TempDir empty;
    empty.write("server.json",
                json{{"database", s.db.server_conninfo()}, {"http", {{"port", 0}, {"web_root", empty.path()}}}}.dump());
    const auto r = run_command(bin_path("casetrail-server"), {"serve", "--config", empty.file("server.json")});
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("holds no index.html"));
}

TEST_CASE("a browser's session: HttpOnly cookie, CSRF token for changes, our own Origin only", "[web][auth][e2e]") {
    ServerProcess s;
    give_password(s, "liu.yang");
    Browser b(s);
    // Another site's page cannot sign the browser in.
    CHECK(b.sign_in("liu.yang", "http://evil.example").status == 403);
    auto r = b.sign_in("liu.yang");
    REQUIRE(r.status == 200);
    const auto set = header(r, "Set-Cookie");
    CHECK_THAT(set, Catch::StartsWith("ct_session=ct_"));
    CHECK_THAT(set, Catch::Contains("; HttpOnly"));
    CHECK_THAT(set, Catch::Contains("; SameSite=Strict"));
    CHECK_THAT(set, Catch::Contains("; Path=/"));
    CHECK(set.find("Secure") == std::string::npos);  // plain HTTP here; tls_test covers Secure
    CHECK(json::parse(r.body)["me"]["name"] == "liu.yang");
    CHECK(json::parse(r.body).dump().find(b.cookie) == std::string::npos);  // the token never reaches the page

    // Reading needs only the cookie; the page learns its CSRF token again after a reload.
    r = b.send("GET", "/api/v1/session", nullptr, false);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["csrf_token"] == b.csrf);
    CHECK(b.send("GET", "/api/v1/dossiers/2026-CR-0005", nullptr, false).status == 200);

    const auto week = std::chrono::system_clock::now() + std::chrono::hours(24 * 7);
    const json checkout{
        {"to", "wang.li"}, {"purpose", "court hearing"}, {"due_back", casetrail::common::format_utc(week)}};
    const std::string target = "/api/v1/dossiers/2026-CR-0005/checkout";
    r = b.send("POST", target, checkout, false);
    CHECK(r.status == 403);
    CHECK_THAT(r.body, Catch::Contains("X-CSRF-Token"));
    Browser forged = b;
    forged.csrf = std::string(64, '0');
    CHECK(forged.send("POST", target, checkout).status == 403);
    CHECK(b.send("POST", target, checkout, true, "http://evil.example").status == 403);
    CHECK(b.send("GET", "/api/v1/dossiers/2026-CR-0005", nullptr, false, "http://evil.example").status == 403);
    CHECK(s.get("/api/v1/dossiers/2026-CR-0005/custody").body["custody"]["state"] == "in_archive");
    r = b.send("POST", target, checkout);
    CHECK(r.status == 201);
    CHECK(s.get("/api/v1/dossiers/2026-CR-0005/custody").body["custody"]["state"] == "checked_out");

    // The notice stream: another site's page may not open it with the cookie.
    auto ws = b.headers("http://evil.example", false);
    ws.insert(ws.end(), {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="});
    CHECK(http_send(s.port, "GET", "/api/v1/staff/liu.yang/notices", "", ws).status == 403);

    // Signing out ends the session at once, and removes the cookie.
    CHECK(b.send("DELETE", "/api/v1/session", nullptr, false).status == 403);
    r = b.send("DELETE", "/api/v1/session");
    CHECK(r.status == 200);
    CHECK_THAT(header(r, "Set-Cookie"), Catch::StartsWith("ct_session=; Path=/; Max-Age=0"));
    r = b.send("GET", "/api/v1/session", nullptr, false);
    CHECK(r.status == 401);
    CHECK_THAT(r.body, Catch::Contains("session has ended"));
    // A bearer token is taken before the cookie, and needs no CSRF token (no browser sends one by itself).
    CHECK(http_send(s.port, "POST", "/api/v1/dossiers/2026-CR-0005/checkin", json{{"by", "wang.li"}}.dump(),
                    {"Cookie: ct_session=" + b.cookie})
              .status == 200);
}
