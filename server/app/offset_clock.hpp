// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A clock ahead of (or behind) the system's by a number of seconds read from a file, re-read at most
// every 100 ms. Tests start the server with --clock-file to move its time (deadlines, grace times,
// escalation) without waiting; a missing file means no offset. A test hook: casetrail-server refuses
// --clock-file unless CASETRAIL_TEST_CLOCK=1 is in its environment (docs/security.md).

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/json_log.hpp"
#include "common/result.hpp"

namespace casetrail::app {

// The environment variable that must be "1" for casetrail-server to take --clock-file.
inline constexpr const char* kTestClockSwitch = "CASETRAIL_TEST_CLOCK";

// The furthest a clock file may move the time either way: beyond any deadline a test sets, never near
// the epoch nor past 2200 (times the API refuses).
inline constexpr std::chrono::seconds kMaxClockOffset{5LL * 366 * 24 * 3600};

// A clock file's text: whole seconds, signed, within ±kMaxClockOffset; a trailing newline or spaces
// allowed. The error says what is wrong with it.
common::Result<std::chrono::seconds, std::string> parse_clock_offset(std::string_view text);

class FileOffsetClock final : public common::Clock {
public:
    // Reads the file once: one that exists and does not hold a valid offset throws common::ConfigError
    // naming the file. Later a bad offset is logged and the last good one kept.
    FileOffsetClock(std::string path, common::Logger log);
    std::chrono::system_clock::time_point now() const override;

private:
    void reread() const;  // under mutex_

    std::string path_;
    common::Logger log_;
    mutable std::mutex mutex_;
    mutable std::chrono::steady_clock::time_point checked_{};
    mutable std::chrono::seconds offset_{0};
    mutable std::string refused_;  // the last text refused, logged once
};

}  // namespace casetrail::app
