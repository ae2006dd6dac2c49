#include "http/router.hpp"

#include <catch2/catch.hpp>

#include "domain/errors.hpp"
#include "store/errors.hpp"

using namespace casetrail;
using namespace casetrail::http;

namespace {
support::Logger quiet_log() { return support::Logger("test", support::LogLevel::error, stderr); }

Router make_router() {
    Router r(quiet_log());
    r.add("GET", "/api/v1/things/{id}/echo", [](const ApiRequest&, const RouteParams& p) {
        nlohmann::json q = p.query;
        return ApiResponse{200, {{"id", p.path.at("id")}, {"query", q}}};
    });
    r.add("GET", "/api/v1/fail/{what}", [](const ApiRequest&, const RouteParams& p) -> ApiResponse {
        const auto& w = p.path.at("what");
        if (w == "invalid") throw domain::InvalidArgument("bad thing");
        if (w == "missing") throw domain::NotFound("no thing");
        if (w == "db") throw store::StoreUnavailable("down");
        if (w == "json") return ApiResponse{200, nlohmann::json::parse("{")};
        throw std::runtime_error("secret internals");
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
    auto res = r.handle({"GET", "/api/v1/things/a%2Fb/echo?limit=5&x=%41", ""});
    CHECK(res.status == 200);
    CHECK(res.body["id"] == "a/b");
    CHECK(res.body["query"]["limit"] == "5");
    CHECK(res.body["query"]["x"] == "A");
    CHECK(r.handle({"GET", "/api/v1/things/x/other", ""}).status == 404);
    CHECK(r.handle({"GET", "/", ""}).status == 404);
    CHECK(r.handle({"DELETE", "/api/v1/things/x/echo", ""}).status == 405);
    CHECK(r.handle({"GET", "/api/v1/things/%ZZ/echo", ""}).status == 400);
    CHECK(r.handle({"GET", "/api/v1/things/x/echo?a=%", ""}).status == 400);
}

TEST_CASE("handler exceptions map to one JSON error shape", "[http]") {
    const auto r = make_router();
    auto check = [&](const std::string& what, unsigned status, const std::string& code) {
        const auto res = r.handle({"GET", "/api/v1/fail/" + what, ""});
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
