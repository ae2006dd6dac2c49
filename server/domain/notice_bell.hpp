// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Rung when new notices may exist (the rules wrote some, someone resolved an alert); whoever streams
// notices subscribes and fetches on the ring. Thread-safe; a subscription ends when its token goes.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace casetrail::domain {

class NoticeBell {
public:
    using Token = std::shared_ptr<std::function<void()>>;

    [[nodiscard]] Token subscribe(std::function<void()> fn) {
        auto token = std::make_shared<std::function<void()>>(std::move(fn));
        std::lock_guard lock(mutex_);
        subscribers_.push_back(token);
        return token;
    }

    void ring() {
        std::vector<Token> live;
        {
            std::lock_guard lock(mutex_);
            std::erase_if(subscribers_, [](const auto& w) { return w.expired(); });
            for (const auto& w : subscribers_) {
                if (auto t = w.lock()) live.push_back(std::move(t));
            }
        }
        for (const auto& t : live) (*t)();
    }

private:
    std::mutex mutex_;
    std::vector<std::weak_ptr<std::function<void()>>> subscribers_;
};

}  // namespace casetrail::domain
