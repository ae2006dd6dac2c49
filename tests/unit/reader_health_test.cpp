// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/polling/reader_health.hpp"

#include <catch2/catch.hpp>

using namespace casetrail;
using namespace casetrail::gateway;
using namespace std::chrono_literals;

namespace {
const auto t0 = std::chrono::system_clock::time_point{} + std::chrono::hours(500000);
bridge::ReaderError err(bridge::ReaderErrorKind kind, int code = 0) { return {kind, "x", code}; }
}  // namespace

TEST_CASE("reader health: online, degraded by failures in the window, offline after failures in a row", "[health]") {
    ReaderHealth h("R1", t0, 3);
    CHECK(h.state() == ReaderState::offline);  // not polled yet
    CHECK(h.record_success(t0 + 1s, 2ms));
    CHECK(h.state() == ReaderState::online);
    CHECK_FALSE(h.record_success(t0 + 2s, 3ms));

    CHECK(h.record_failure(t0 + 3s, err(bridge::ReaderErrorKind::timeout), 500ms));
    CHECK(h.state() == ReaderState::degraded);
    CHECK_FALSE(h.record_success(t0 + 4s, 2ms));  // a failure is still in the recent window
    CHECK(h.state() == ReaderState::degraded);
    for (int i = 0; i < 20; ++i) h.record_success(t0 + 5s + i * 1s, 2ms);
    CHECK(h.state() == ReaderState::online);

    h.record_failure(t0 + 30s, err(bridge::ReaderErrorKind::modbus_exception, 2), 1ms);
    h.record_failure(t0 + 31s, err(bridge::ReaderErrorKind::crc_error), 1ms);
    CHECK(h.state() == ReaderState::degraded);
    CHECK(h.record_failure(t0 + 32s, err(bridge::ReaderErrorKind::decode_error), 1ms));
    CHECK(h.state() == ReaderState::offline);
    const auto s = h.snapshot();
    CHECK(s.since == t0 + 32s);
    CHECK(s.consecutive_failures == 3);
    CHECK(s.timeouts == 1);
    CHECK(s.crc_errors == 1);
    CHECK(s.decode_errors == 1);
    CHECK(s.exceptions.at(2) == 1);
    CHECK(s.polls == 27);
    CHECK(s.last_good_poll == t0 + 24s);
    CHECK_THAT(s.reason, Catch::StartsWith("decode_error"));

    CHECK(h.record_success(t0 + 40s, 2ms));  // back
    CHECK(h.snapshot().reconnects == 1);
    CHECK(h.state() == ReaderState::degraded);  // recent failures still count against it
}

TEST_CASE("an unreachable reader is offline at once, and latency percentiles come from answered polls", "[health]") {
    ReaderHealth h("R1", t0);
    for (int i = 1; i <= 100; ++i) h.record_success(t0 + i * 1s, std::chrono::milliseconds(i));
    auto s = h.snapshot();
    REQUIRE(s.latency_p50_ms);
    CHECK(*s.latency_p50_ms == Approx(50.0).margin(1.0));
    CHECK(*s.latency_p99_ms == Approx(99.0).margin(1.0));
    CHECK(h.record_failure(t0 + 200s, err(bridge::ReaderErrorKind::connect_failed), 0ms));
    CHECK(h.state() == ReaderState::offline);
}

TEST_CASE("a reader flooding the gateway with unbound EPCs is degraded, the flood named, until calm again",
          "[health][unbound]") {
    ReaderHealth h("R1", t0, 3);
    h.record_success(t0 + 1s, 2ms);
    CHECK(h.record_success(t0 + 2s, 2ms, "unbound EPCs 900 refused"));
    CHECK(h.state() == ReaderState::degraded);
    CHECK(h.snapshot().reason == "EPC flood in 1 of the last 20 polls (the last: unbound EPCs 900 refused)");
    h.record_failure(t0 + 3s, err(bridge::ReaderErrorKind::timeout), 500ms);
    h.record_success(t0 + 4s, 2ms);
    CHECK(h.snapshot().reason ==
          "1 of the last 20 polls failed; EPC flood in 1 of the last 20 polls (the last: unbound EPCs 900 refused)");
    for (int i = 0; i < 17; ++i) h.record_success(t0 + 5s + i * 1s, 2ms);
    CHECK_THAT(h.snapshot().reason, Catch::Contains("EPC flood in 1"));  // the flooded poll still in the window
    h.record_success(t0 + 29s, 2ms);                                     // ...not now
    CHECK(h.snapshot().reason == "1 of the last 20 polls failed");
    CHECK(h.record_success(t0 + 30s, 2ms));
    CHECK(h.state() == ReaderState::online);
    CHECK(h.snapshot().reason.empty());
}
