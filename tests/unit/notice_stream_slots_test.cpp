// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/notice_stream_slots.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using casetrail::http::NoticeStreamSlots;

TEST_CASE("notice stream slots: a cap per person and one in all, given back when a stream ends", "[http][alerts]") {
    const auto slots = NoticeStreamSlots::make({2, 3});
    auto a1 = slots->acquire("wang.li");
    auto a2 = slots->acquire("wang.li");
    REQUIRE(a1);
    REQUIRE(a2);
    auto a3 = slots->acquire("wang.li");
    REQUIRE_FALSE(a3);
    CHECK(a3.error() == NoticeStreamSlots::Refused::person_full);
    auto b1 = slots->acquire("chen.jing");
    REQUIRE(b1);
    auto c1 = slots->acquire("zhao.min");
    REQUIRE_FALSE(c1);
    CHECK(c1.error() == NoticeStreamSlots::Refused::server_full);
    CHECK(slots->open() == 3);
    CHECK(slots->open_of("zhao.min") == 0);

    a1.value().reset();  // the stream ends: its place is free again
    CHECK(slots->open_of("wang.li") == 1);
    CHECK(slots->acquire("zhao.min"));  // taken and at once given back
    CHECK(slots->open() == 2);
    CHECK(slots->acquire("wang.li"));
}

TEST_CASE("notice stream slots hold their caps when many threads ask at once", "[http][alerts]") {
    const auto slots = NoticeStreamSlots::make({8, 20});
    std::vector<std::unique_ptr<NoticeStreamSlots::Slot>> kept[8];
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    threads.reserve(8);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 125; ++i) {
                auto s = slots->acquire(t < 4 ? "wang.li" : "login" + std::to_string(t));
                if (s) {
                    kept[t].push_back(std::move(s).value());
                } else {
                    ++refused;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    // 1,000 asked, by wang.li (four threads) and four others: at most 8 each, 20 in all.
    CHECK(slots->open() == 20);
    CHECK(slots->open_of("wang.li") <= 8);
    for (int t = 4; t < 8; ++t) CHECK(slots->open_of("login" + std::to_string(t)) <= 8);
    CHECK(refused == 1000 - 20);
    for (auto& k : kept) k.clear();
    CHECK(slots->open() == 0);
}
