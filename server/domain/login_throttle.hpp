// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Login attempts per remote address in a sliding minute: beyond the limit an address waits, whatever
// login it tries (guessing across many logins is slowed as much as guessing one). In memory: a restart
// forgets it, the per-login lockout in the database does not.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace casetrail::domain {

class LoginThrottle {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    explicit LoginThrottle(int per_minute) : per_minute_(per_minute) {}

    // Counts an attempt; when over the limit, the seconds to wait instead (the attempt not counted).
    std::optional<int> attempt(const std::string& remote, TimePoint now);

private:
    int per_minute_;
    std::mutex mutex_;
    std::map<std::string, std::deque<TimePoint>> seen_;
    TimePoint last_sweep_{};
};

}  // namespace casetrail::domain
