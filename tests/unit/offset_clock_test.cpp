// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/app/offset_clock.hpp"

#include <cstdio>
#include <fstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "common/config_reader.hpp"

using casetrail::app::FileOffsetClock;
using casetrail::app::kMaxClockOffset;
using casetrail::app::parse_clock_offset;
using namespace std::chrono_literals;

namespace {
std::string error_of(std::string_view text) {
    const auto r = parse_clock_offset(text);
    return r ? std::string() : r.error();
}
}  // namespace

TEST_CASE("a clock file holds whole seconds within five years either way", "[clock]") {
    CHECK(parse_clock_offset("3600").value() == 3600s);
    CHECK(parse_clock_offset("-90\n").value() == -90s);
    CHECK(parse_clock_offset("0 \r\n").value() == 0s);
    CHECK(parse_clock_offset(std::to_string(kMaxClockOffset.count())).value() == kMaxClockOffset);
    CHECK(parse_clock_offset(std::to_string(-kMaxClockOffset.count())).value() == -kMaxClockOffset);

    CHECK_THAT(error_of(std::to_string(kMaxClockOffset.count() + 1)), Catch::Contains("5 years"));
    CHECK_THAT(error_of(std::to_string(-kMaxClockOffset.count() - 1)), Catch::Contains("5 years"));
    CHECK_THAT(error_of("99999999999999999999999"), Catch::Contains("5 years"));  // past long long
    CHECK_THAT(error_of("soon"), Catch::Contains("\"soon\" is not a whole number of seconds"));
    CHECK_THAT(error_of("12.5"), Catch::Contains("not a whole number"));
    CHECK_THAT(error_of("+5"), Catch::Contains("not a whole number"));
    CHECK_THAT(error_of("1 2"), Catch::Contains("not a whole number"));
    CHECK_THAT(error_of("\n"), Catch::Contains("is empty"));
}

TEST_CASE("a clock file that is bad at start stops the clock being made, naming the file", "[clock]") {
    const std::string path = "/tmp/casetrail-clock-test-" + std::to_string(::getpid());
    const casetrail::common::Logger log("test", casetrail::common::LogLevel::error);
    std::remove(path.c_str());
    {
        const FileOffsetClock none(path, log);  // no file: no offset
        CHECK(none.now() - std::chrono::system_clock::now() < 5s);
    }
    std::ofstream(path) << "315360000";  // ten years
    CHECK_THROWS_AS(FileOffsetClock(path, log), casetrail::common::ConfigError);
    CHECK_THROWS_WITH(FileOffsetClock(path, log), Catch::Contains(path) && Catch::Contains("5 years"));
    std::ofstream(path) << "86400";
    const FileOffsetClock ahead(path, log);
    CHECK(ahead.now() - std::chrono::system_clock::now() > 86390s);
    std::remove(path.c_str());
}
