// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/events/event_spooler.hpp"

#include <atomic>
#include <mutex>

#include <catch2/catch.hpp>

#include "gateway/events/event_id.hpp"
#include "tests/support/processes.hpp"

using namespace casetrail;
using namespace casetrail::gateway;
using namespace std::chrono_literals;
using casetrail::test::TempDir;
using casetrail::test::wait_until;

namespace {
gateway::EventRow event(int i) {
    gateway::EventRow e;
    e.kind = "arrived";
    e.epc = "E2801160000000000000" + std::to_string(1000 + i).substr(0, 4);
    e.antenna_id = 1;
    e.location_id = 1;
    e.observed_us = 1'000'000 + i;
    e.event_id = event_id("R1", 1, e.epc, e.kind, e.observed_us);
    e.evidence_json = R"({"rounds":2,"padding":")" + std::string(60, 'p') + "\"}";
    return e;
}

struct Collected {
    std::mutex m;
    std::vector<SpooledEvent> events;
    std::size_t size() {
        std::lock_guard l(m);
        return events.size();
    }
    std::uint64_t last_seq() {
        std::lock_guard l(m);
        return events.empty() ? 0 : events.back().seq;
    }
};
}  // namespace

TEST_CASE("events are delivered only once spooled, in order", "[spool]") {
    TempDir dir;
    spool::Spool sp({dir.file("spool"), 1 << 16, 1 << 20}, common::Logger("t", common::LogLevel::error));
    GatewayHealth health;
    Collected got;
    SpoolSettings settings{dir.file("spool"), 1 << 16, 1 << 20, 0.8, 5ms, 16};
    EventSpooler spooler(
        sp, settings, health,
        [&](std::vector<SpooledEvent> e) {
            std::lock_guard l(got.m);
            for (auto& x : e) got.events.push_back(std::move(x));
        },
        common::Logger("t", common::LogLevel::error));
    spooler.start();
    for (int i = 0; i < 10; ++i) spooler.enqueue({event(3 * i), event(3 * i + 1), event(3 * i + 2)});
    spooler.stop();  // stop spools what is queued
    REQUIRE(got.size() == 30);
    for (std::size_t i = 0; i < 30; ++i) {
        CHECK(got.events[i].seq == i + 1);
        CHECK(got.events[i].row.observed_us == 1'000'000 + static_cast<std::int64_t>(i));
    }
    CHECK(health.events_spooled == 30);
    // And they are on disk.
    spool::Spool reopened({dir.file("spool"), 1 << 16, 1 << 20}, common::Logger("t", common::LogLevel::error));
    CHECK(reopened.take_recovered().size() == 30);
}

TEST_CASE("a full spool pauses polling without dropping an event, and resumes when acknowledged", "[spool]") {
    TempDir dir;
    const std::uint64_t cap = 8192;
    spool::Spool sp({dir.file("spool"), 1024, cap}, common::Logger("t", common::LogLevel::error));
    GatewayHealth health;
    Collected got;
    SpoolSettings settings{dir.file("spool"), 1024, cap, 0.5, 1ms, 8};
    std::atomic<int> passes{0};  // the spooler's loop ticks after each attempt to append
    EventSpooler spooler(
        sp, settings, health,
        [&](std::vector<SpooledEvent> e) {
            std::lock_guard l(got.m);
            for (auto& x : e) got.events.push_back(std::move(x));
        },
        common::Logger("t", common::LogLevel::error), [&] { ++passes; });
    spooler.start();
    std::vector<gateway::EventRow> many;
    many.reserve(200);
    for (int i = 0; i < 200; ++i) many.push_back(event(i));
    spooler.enqueue(many);

    REQUIRE(wait_until([&] { return health.polling_paused.load(); }, 5s));
    CHECK(health.spool_warning);
    const auto stuck = got.size();
    CHECK(stuck < 200);
    const int tried = passes;
    REQUIRE(wait_until([&] { return passes >= tried + 3; }, 5s));  // it tried again, more than once
    CHECK(got.size() == stuck);                                    // nothing more fits until the writer acknowledges

    // The "database" takes what was delivered, again and again, until everything went through.
    REQUIRE(wait_until(
        [&] {
            sp.ack(got.last_seq());
            return got.size() == 200;
        },
        10s));
    sp.ack(got.last_seq());
    REQUIRE(wait_until([&] { return !health.polling_paused.load(); }, 5s));
    for (std::size_t i = 0; i < 200; ++i)
        CHECK(got.events[i].row.observed_us == 1'000'000 + static_cast<std::int64_t>(i));
    spooler.stop();
}
