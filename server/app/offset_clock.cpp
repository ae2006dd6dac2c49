// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/app/offset_clock.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace casetrail::app {

std::chrono::system_clock::time_point FileOffsetClock::now() const {
    const auto steady = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (steady - checked_ >= std::chrono::milliseconds(100)) {
        checked_ = steady;
        std::ifstream in(path_);
        std::stringstream text;
        text << in.rdbuf();
        auto s = text.str();
        while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
        long long seconds = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
        // No file: no offset. A file being rewritten in place may read empty or half-way: keep the last
        // good offset (writers should write a new file and rename it over).
        if (!in) {
            offset_ = std::chrono::seconds(0);
        } else if (!s.empty() && ec == std::errc{} && end == s.data() + s.size()) {
            offset_ = std::chrono::seconds(seconds);
        }
    }
    return std::chrono::system_clock::now() + offset_;
}

}  // namespace casetrail::app
