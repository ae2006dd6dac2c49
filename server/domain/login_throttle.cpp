// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/login_throttle.hpp"

namespace casetrail::domain {

std::optional<int> LoginThrottle::attempt(const std::string& remote, TimePoint now) {
    constexpr auto kWindow = std::chrono::minutes(1);
    std::lock_guard lock(mutex_);
    // Addresses quiet for a minute are forgotten, so that the map stays as small as the traffic.
    if (now - last_sweep_ > kWindow) {
        for (auto it = seen_.begin(); it != seen_.end();) {
            if (it->second.empty() || now - it->second.back() > kWindow) {
                it = seen_.erase(it);
            } else {
                ++it;
            }
        }
        last_sweep_ = now;
    }
    auto& times = seen_[remote];
    while (!times.empty() && now - times.front() >= kWindow) times.pop_front();
    if (static_cast<int>(times.size()) >= per_minute_) {
        const auto wait = std::chrono::ceil<std::chrono::seconds>(times.front() + kWindow - now).count();
        return static_cast<int>(wait < 1 ? 1 : wait);
    }
    times.push_back(now);
    return std::nullopt;
}

}  // namespace casetrail::domain
