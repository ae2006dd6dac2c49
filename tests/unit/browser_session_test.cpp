// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The browser's session rules: the cookie read from a Cookie header, the CSRF token tied to its session,
// what a cookie-borne request needs (our own Origin; the CSRF token to change anything), and the cookie's
// attributes.

#include <catch2/catch.hpp>

#include "server/http/browser_session.hpp"

using namespace casetrail::http;

namespace {
ApiRequest from_browser(const std::string& method, const std::string& origin, const std::string& csrf) {
    ApiRequest r;
    r.method = method;
    r.target = "/api/v1/dossiers/2026-CR-0001/checkout";
    r.cookie = "theme=dark; ct_session=ct_abc; lang=zh-CN";
    r.origin = origin;
    r.host = "archive.example:8080";
    r.csrf_token = csrf;
    return r;
}
}  // namespace

TEST_CASE("the session cookie is read from a Cookie header, a bearer token before it", "[http][session]") {
    CHECK(cookie_value("a=1; ct_session=tok; b=2", "ct_session") == "tok");
    CHECK(cookie_value("ct_session=tok", "ct_session") == "tok");
    CHECK(cookie_value("xct_session=no; ct_sessionx=no", "ct_session").empty());
    CHECK(cookie_value("", "ct_session").empty());
    ApiRequest r;
    r.cookie = "ct_session=from-cookie";
    CHECK(request_credential(r).token == "from-cookie");
    CHECK(request_credential(r).from_cookie);
    r.authorization = "Bearer from-header";
    CHECK(request_credential(r).token == "from-header");
    CHECK_FALSE(request_credential(r).from_cookie);
}

TEST_CASE("the CSRF token belongs to one session and cannot be guessed from another", "[http][session]") {
    const auto a = csrf_token_for("ct_one");
    CHECK(a.size() == 64);
    CHECK(a == csrf_token_for("ct_one"));
    CHECK(a != csrf_token_for("ct_two"));
    CHECK(a.find("ct_one") == std::string::npos);
}

TEST_CASE("a cookie-borne change needs our own Origin and the session's CSRF token", "[http][session]") {
    const auto good = csrf_token_for("ct_abc");
    const std::string own = "http://archive.example:8080";
    CHECK_FALSE(cookie_request_refusal(from_browser("GET", own, ""), "ct_abc"));
    CHECK_FALSE(cookie_request_refusal(from_browser("GET", "", ""), "ct_abc"));
    CHECK_FALSE(cookie_request_refusal(from_browser("POST", own, good), "ct_abc"));
    CHECK_FALSE(cookie_request_refusal(from_browser("POST", "HTTP://Archive.Example:8080", good), "ct_abc"));
    // No token, a wrong one, another session's.
    CHECK(cookie_request_refusal(from_browser("POST", own, ""), "ct_abc"));
    CHECK(cookie_request_refusal(from_browser("DELETE", own, ""), "ct_abc"));
    CHECK(cookie_request_refusal(from_browser("POST", own, good.substr(1) + "0"), "ct_abc"));
    CHECK(cookie_request_refusal(from_browser("PUT", own, csrf_token_for("ct_other")), "ct_abc"));
    // Another site, even only reading, even with the right token; another port or scheme is another site.
    CHECK(cookie_request_refusal(from_browser("GET", "http://evil.example", ""), "ct_abc"));
    CHECK(cookie_request_refusal(from_browser("POST", "http://evil.example", good), "ct_abc"));
    CHECK(cookie_request_refusal(from_browser("POST", "http://archive.example:8081", good), "ct_abc"));
    CHECK(cookie_request_refusal(from_browser("POST", "https://archive.example:8080", good), "ct_abc"));
    auto tls = from_browser("POST", "https://archive.example:8080", good);
    tls.secure = true;
    CHECK_FALSE(cookie_request_refusal(tls, "ct_abc"));
    CHECK_THAT(*cookie_request_refusal(from_browser("POST", own, ""), "ct_abc"), Catch::Contains("X-CSRF-Token"));
}

TEST_CASE("the session cookie is HttpOnly and SameSite=Strict, Secure under TLS, and its end empties it",
          "[http][session]") {
    const auto plain = session_cookie("ct_abc", std::chrono::hours(12), false);
    CHECK(plain == "ct_session=ct_abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict");
    CHECK_THAT(session_cookie("ct_abc", std::chrono::hours(1), true), Catch::EndsWith("; Secure"));
    CHECK(ended_session_cookie(false) == "ct_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    CHECK_THAT(ended_session_cookie(true), Catch::EndsWith("; Secure"));
}
