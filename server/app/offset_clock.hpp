// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A clock ahead of (or behind) the system's by a number of seconds read from a file, re-read at most
// every 100 ms. Tests start the server with --clock-file to move its time (deadlines, grace times,
// escalation) without waiting; a missing or empty file means no offset.

#include <chrono>
#include <mutex>
#include <string>

#include "common/clock.hpp"

namespace casetrail::app {

class FileOffsetClock final : public common::Clock {
public:
    explicit FileOffsetClock(std::string path) : path_(std::move(path)) {}
    std::chrono::system_clock::time_point now() const override;

private:
    std::string path_;
    mutable std::mutex mutex_;
    mutable std::chrono::steady_clock::time_point checked_{};
    mutable std::chrono::seconds offset_{0};
};

}  // namespace casetrail::app
