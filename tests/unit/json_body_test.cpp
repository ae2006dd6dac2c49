// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/json_body.hpp"

#include <catch2/catch.hpp>

#include "server/domain/errors.hpp"

using casetrail::http::JsonBody;

namespace {
std::string nested(int depth, const std::string& inner = "1") {
    return "{\"a\":" + std::string(static_cast<std::size_t>(depth - 1), '[') + inner +
           std::string(static_cast<std::size_t>(depth - 1), ']') + "}";
}
}  // namespace

TEST_CASE("request bodies: one JSON object, nested at most 32 levels", "[http]") {
    CHECK_NOTHROW(JsonBody::parse(nested(32)));
    CHECK_THROWS_WITH(JsonBody::parse(nested(33)), "the request body is nested deeper than 32 levels");
    CHECK_THROWS_WITH(JsonBody::parse(nested(20000)), "the request body is nested deeper than 32 levels");
    // Brackets inside strings (escaped quotes too) are text, not nesting.
    CHECK_NOTHROW(JsonBody::parse("{\"a\": \"" + std::string(100, '[') + "\\\"" + std::string(100, '{') + "\"}"));
    CHECK_THROWS_AS(JsonBody::parse("[1]"), casetrail::domain::InvalidArgument);
    CHECK_THROWS_AS(JsonBody::parse("{\"a\":"), casetrail::domain::InvalidArgument);
}

TEST_CASE("request times: RFC 3339, within what the clock can hold", "[http]") {
    const auto body = [](const std::string& t) { return JsonBody::parse("{\"due\": \"" + t + "\"}"); };
    CHECK_NOTHROW(body("2026-12-01T10:00:00+08:00").time("due"));
    CHECK_NOTHROW(body("2200-12-31T23:59:59Z").time("due"));
    // Found by fuzzing: a year past 2262 overflowed the clock's nanoseconds.
    CHECK_THROWS_AS(body("7299-12-01T10:00:00+08:00").time("due"), casetrail::domain::InvalidArgument);
    CHECK_THROWS_AS(body("2201-01-01T00:00:00Z").time("due"), casetrail::domain::InvalidArgument);
    CHECK_THROWS_AS(body("1969-12-31T23:59:59Z").time("due"), casetrail::domain::InvalidArgument);
}
