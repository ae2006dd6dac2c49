// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/alert_routes.hpp"

#include <catch2/catch.hpp>

#include "server/domain/errors.hpp"

using casetrail::http::notice_stream_target;

TEST_CASE("notice stream targets: the login and the resume point", "[http][alerts]") {
    auto t = notice_stream_target("/api/v1/staff/wang.li/notices");
    REQUIRE(t);
    CHECK(t->login == "wang.li");
    CHECK(t->after == 0);
    t = notice_stream_target("/api/v1/staff/wang%2Eli/notices?after=42");
    REQUIRE(t);
    CHECK(t->login == "wang.li");
    CHECK(t->after == 42);
    CHECK_FALSE(notice_stream_target("/api/v1/staff//notices"));
    CHECK_FALSE(notice_stream_target("/api/v1/staff/a%2Fb/notices"));
    CHECK_FALSE(notice_stream_target("/api/v1/alerts"));
    CHECK_FALSE(notice_stream_target("/api/v1/staff/wang.li/notices/x"));
    CHECK_THROWS_AS(notice_stream_target("/api/v1/staff/wang.li/notices?after=-1"), casetrail::domain::InvalidArgument);
    CHECK_THROWS_AS(notice_stream_target("/api/v1/staff/wang.li/notices?after=x"), casetrail::domain::InvalidArgument);
    CHECK_THROWS_AS(notice_stream_target("/api/v1/staff/wang.li/notices?since=3"), casetrail::domain::InvalidArgument);
}
