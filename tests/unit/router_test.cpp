// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/router.hpp"

#include <catch2/catch.hpp>

#include "common/pg/store_errors.hpp"
#include "server/domain/errors.hpp"

using namespace casetrail;
using namespace casetrail::http;

namespace {
common::Logger quiet_log() { return common::Logger("test", common::LogLevel::error, stderr); }

ApiRequest req(std::string method, std::string target, std::string authorization = "Bearer good") {
    ApiRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.authorization = std::move(authorization);
    return r;
}

// Two people: "good" is a clerk who may not see thing "secret"; "admin" an admin.
void with_people(Router& r) {
    r.set_access(
        [](std::string_view token) -> std::optional<domain::Principal> {
            domain::Principal p;
            p.name = std::string(token);
            p.staff_id = 1;
            if (token == "good")
                p.roles = domain::roles({domain::Role::clerk});
            else if (token == "admin")
                p.roles = domain::roles({domain::Role::admin});
            else
                return std::nullopt;
            return p;
        },
        [](const domain::Principal& who, std::string_view, const RouteParams& p) {
            if (auto it = p.path.find("id"); it != p.path.end() && it->second == "secret" && who.name != "admin") {
                throw domain::NotFound("no thing " + it->second);
            }
        });
}

Router make_router() {
    Router r(quiet_log());
    with_people(r);
    r.add("GET", "/api/v1/things/{id}/echo", allow(domain::kAnyStaff), [](const ApiRequest&, const RouteParams& p) {
        nlohmann::json q = p.query;
        return ApiResponse{200, {{"id", p.path.at("id")}, {"query", q}}};
    });
    r.add("GET", "/api/v1/fail/{what}", allow(domain::kAnyStaff),
          [](const ApiRequest&, const RouteParams& p) -> ApiResponse {
              const auto& w = p.path.at("what");
              if (w == "invalid") throw domain::InvalidArgument("bad thing");
              if (w == "missing") throw domain::NotFound("no thing");
              if (w == "db") throw pg::StoreUnavailable("down");
              if (w == "json") return ApiResponse{200, nlohmann::json::parse("{")};
              throw std::runtime_error("secret internals");
          });
    r.add("GET", "/api/v1/open", public_route(), [](const ApiRequest&, const RouteParams& p) {
        return ApiResponse{200, {{"principal", p.principal != nullptr}}};
    });
    r.add("POST", "/api/v1/admin-only", allow(domain::roles({domain::Role::admin})),
          [](const ApiRequest&, const RouteParams& p) {
              return ApiResponse{200, {{"who", p.principal->name}}};
          });
    return r;
}
}  // namespace

TEST_CASE("percent-decoding", "[http]") {
    CHECK(percent_decode("2026-CR-0001") == "2026-CR-0001");
    CHECK(percent_decode("a%2Fb%20c") == "a/b c");
    CHECK(percent_decode("%E4%BA%AC") == "\xE4\xBA\xAC");
    CHECK_FALSE(percent_decode("%"));
    CHECK_FALSE(percent_decode("%4"));
    CHECK_FALSE(percent_decode("%ZZ"));
    CHECK_FALSE(percent_decode("%00"));
}

TEST_CASE("routes match by method and path, with decoded parameters", "[http]") {
    const auto r = make_router();
    auto res = r.handle(req("GET", "/api/v1/things/a%2Fb/echo?limit=5&x=%41"));
    CHECK(res.status == 200);
    CHECK(res.body["id"] == "a/b");
    CHECK(res.body["query"]["limit"] == "5");
    CHECK(res.body["query"]["x"] == "A");
    CHECK(r.handle(req("GET", "/api/v1/things/x/other")).status == 404);
    CHECK(r.handle(req("GET", "/")).status == 404);
    CHECK(r.handle(req("DELETE", "/api/v1/things/x/echo")).status == 405);
    CHECK(r.handle(req("GET", "/api/v1/things/%ZZ/echo")).status == 400);
    CHECK(r.handle(req("GET", "/api/v1/things/x/echo?a=%")).status == 400);
}

TEST_CASE("handler exceptions map to one JSON error shape", "[http]") {
    const auto r = make_router();
    auto check = [&](const std::string& what, unsigned status, const std::string& code) {
        auto res = r.handle(req("GET", "/api/v1/fail/" + what));
        CHECK(res.status == status);
        CHECK(res.body["error"]["status"] == status);
        CHECK(res.body["error"]["code"] == code);
        CHECK(res.body["error"]["message"].is_string());
        return res;
    };
    check("invalid", 400, "invalid_argument");
    check("missing", 404, "not_found");
    check("db", 503, "unavailable");
    check("json", 400, "bad_json");
    const auto internal = check("boom", 500, "internal");
    CHECK(internal.body["error"]["message"] == "internal error");  // no internals leak out
}

TEST_CASE("every route but a public one needs a valid token, and roles and scope are checked before the handler",
          "[http]") {
    const auto r = make_router();
    const auto open = r.handle(req("GET", "/api/v1/open", ""));
    CHECK(open.status == 200);
    CHECK(open.body["principal"] == false);

    auto res = r.handle(req("GET", "/api/v1/things/a/echo", ""));
    CHECK(res.status == 401);
    CHECK(res.body["error"]["code"] == "unauthorized");
    REQUIRE(res.headers.size() == 1);
    CHECK(res.headers[0].first == "WWW-Authenticate");
    CHECK(r.handle(req("GET", "/api/v1/things/a/echo", "Bearer nobody")).status == 401);
    CHECK(r.handle(req("GET", "/api/v1/things/a/echo", "Basic Z29vZA==")).status == 401);
    CHECK(r.handle(req("GET", "/api/v1/things/a/echo", "bearer good")).status == 200);  // the scheme in any case

    res = r.handle(req("POST", "/api/v1/admin-only", "Bearer good"));
    CHECK(res.status == 403);
    CHECK(res.body["error"]["message"] == "your roles (clerk) do not allow POST /api/v1/admin-only");
    res = r.handle(req("POST", "/api/v1/admin-only", "Bearer admin"));
    CHECK(res.status == 200);
    CHECK(res.body["who"] == "admin");

    // Out of scope answers as the thing not being there.
    res = r.handle(req("GET", "/api/v1/things/secret/echo", "Bearer good"));
    CHECK(res.status == 404);
    CHECK(res.body["error"]["message"] == "no thing secret");
    CHECK(r.handle(req("GET", "/api/v1/things/secret/echo", "Bearer admin")).status == 200);
}

TEST_CASE("the bearer token is read from the Authorization header only in the Bearer scheme", "[http]") {
    CHECK(bearer_token("Bearer abc") == "abc");
    CHECK(bearer_token("BEARER  abc ") == "abc");
    CHECK(bearer_token("Bearer ").empty());
    CHECK(bearer_token("Basic abc").empty());
    CHECK(bearer_token("").empty());
}
