// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The API contract: docs/openapi.json documents every route the server has, and nothing it does not;
// every error answer is the one Error shape.

#include "server/app/api_stack.hpp"

#include <algorithm>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "server/store/custody_store.hpp"
#include "server/store/dossier_store.hpp"
#include "server/store/import_store.hpp"
#include "server/store/location_store.hpp"
#include "server/store/reader_store.hpp"
#include "server/store/stocktake_store.hpp"

using namespace casetrail;

namespace {

nlohmann::json load_contract() {
    std::ifstream in(std::string(CT_SOURCE_DIR) + "/docs/openapi.json");
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

TEST_CASE("docs/openapi.json documents every route of the server, and only those", "[api]") {
    // The real wiring, with a pool that never connects (no request is handled here).
    pg::ConnectionPool pool("host=/nonexistent dbname=none connect_timeout=1", 1);
    const common::SystemClock clock;
    app::ApiStack stack(pool, clock);
    http::Router router(common::Logger("test", common::LogLevel::error));
    http::add_api_routes(router, stack.services());

    const auto doc = load_contract();
    CHECK(doc["openapi"].get<std::string>().rfind("3.", 0) == 0);
    const auto& paths = doc["paths"];
    REQUIRE(router.routes().size() > 20);
    for (const auto& route : router.routes()) {
        INFO(route.method << " " << route.pattern);
        REQUIRE(paths.contains(route.pattern));
        REQUIRE(paths[route.pattern].contains(lower(route.method)));
        // The roles the contract promises are the roles the route allows (the allow/deny matrix test
        // calls every route with every role against the same x-roles).
        const auto& operation = paths[route.pattern][lower(route.method)];
        REQUIRE(operation.contains("x-roles"));
        const auto promised = operation["x-roles"].get<std::vector<std::string>>();
        if (route.access.is_public) {
            CHECK(promised == std::vector<std::string>{"public"});
        } else {
            auto allowed = domain::role_names(route.access.roles);
            auto sorted_promised = promised;
            std::sort(allowed.begin(), allowed.end());
            std::sort(sorted_promised.begin(), sorted_promised.end());
            CHECK(allowed == sorted_promised);
            CHECK(operation["responses"].contains("401"));
        }
        // Every path parameter is one the scope check knows how to treat.
        for (std::size_t open = route.pattern.find('{'); open != std::string::npos;
             open = route.pattern.find('{', open + 1)) {
            const auto name = route.pattern.substr(open + 1, route.pattern.find('}', open) - open - 1);
            const auto& known = http::scoped_path_parameters();
            CHECK(std::find(known.begin(), known.end(), name) != known.end());
        }
    }
    std::size_t documented = 0;
    for (const auto& [pattern, operations] : paths.items()) {
        for (const auto& [method, operation] : operations.items()) {
            ++documented;
            INFO(method << " " << pattern);
            const bool served = std::any_of(router.routes().begin(), router.routes().end(),
                                            [&, &pattern = pattern, &method = method](const auto& r) {
                                                return r.pattern == pattern && lower(r.method) == method;
                                            });
            CHECK(served);
            // Every error answer is the shared Error shape; every operation says what it answers.
            CHECK(operation.contains("summary"));
            for (const auto& [status, response] : operation["responses"].items()) {
                if (status.front() < '4' || pattern == "/api/v1/health") continue;
                CHECK(response["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error");
            }
            // Path parameters are declared.
            for (std::size_t open = pattern.find('{'); open != std::string::npos; open = pattern.find('{', open + 1)) {
                const auto name = pattern.substr(open + 1, pattern.find('}', open) - open - 1);
                const auto& params = operation["parameters"];
                CHECK(std::any_of(params.begin(), params.end(),
                                  [&](const auto& p) { return p["name"] == name && p["in"] == "path"; }));
            }
        }
    }
    CHECK(documented == router.routes().size());
}
