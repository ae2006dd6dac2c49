// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/smoothing/portal_pass.hpp"

#include <catch2/catch.hpp>

using namespace casetrail::smoothing;
using namespace std::chrono_literals;

namespace {
const PortalPass::TimePoint t0 = PortalPass::TimePoint{} + std::chrono::hours(1);
}

TEST_CASE("a pass's direction comes from the signal-weighted order of the two sides", "[portal]") {
    PortalPass p(0, t0, 6);
    for (int i = 0; i < 5; ++i) p.add(false, -50, t0 + i * 200ms);
    for (int i = 5; i < 10; ++i) p.add(true, -50, t0 + i * 200ms);
    // Cross-reads on the far side, 12 dB down, hardly move the weighted times.
    p.add(true, -62, t0 + 100ms);
    p.add(false, -62, t0 + 1900ms);
    const auto d = p.decide(PortalOptions{});
    CHECK(d.verdict == PassVerdict::outward);
    CHECK(d.gap_ms > 800);
    CHECK(d.inside.reads == 6);
    CHECK(d.outside.peak_dbm == Approx(-50));
}

TEST_CASE("one side heard only weakly is lingering, and overlapping reads without order are no pass", "[portal]") {
    PortalPass linger(0, t0, 6);
    for (int i = 0; i < 10; ++i) linger.add(false, -50, t0 + i * 200ms);
    linger.add(true, -63, t0 + 2000ms);
    CHECK(linger.decide(PortalOptions{}).verdict == PassVerdict::none);
    PortalPass under(0, t0, 6);
    for (int i = 0; i < 10; ++i) {
        under.add(false, -52, t0 + i * 200ms);
        under.add(true, -52, t0 + i * 200ms);
    }
    CHECK(under.decide(PortalOptions{}).verdict == PassVerdict::none);
    PortalPass inward(0, t0, 6);
    inward.add(true, -50, t0);
    inward.add(false, -51, t0 + 600ms);
    CHECK(inward.decide(PortalOptions{}).verdict == PassVerdict::inward);
}

TEST_CASE("a clear pass is decided early, while the tag is still heard outside, and not before", "[portal]") {
    PortalPass p(0, t0, 6);
    auto t = t0;
    auto round = [&](const std::vector<std::pair<bool, float>>& reads) {
        t += 200ms;
        for (const auto& [outside, dbm] : reads) p.add(outside, dbm, t);
        p.round(!reads.empty());
    };
    for (int i = 0; i < 6; ++i) round({{false, -50}, {true, -62}});
    CHECK(p.early(PortalOptions{}).verdict == PassVerdict::none);  // only the inside so far
    round({{true, -50}, {false, -62}});
    round({{true, -50}});
    CHECK(p.early(PortalOptions{}).verdict == PassVerdict::none);  // the inside has not been silent long enough
    int rounds = 2;
    while (p.early(PortalOptions{}).verdict == PassVerdict::none && rounds < 20) {
        round({{true, -50}, {false, -63}});
        ++rounds;
    }
    CHECK(p.early(PortalOptions{}).verdict == PassVerdict::outward);
    CHECK(rounds <= 8);
    // Standing under the door, heard strongly on both sides in turn, is never decided early.
    PortalPass under(0, t0, 6);
    for (int i = 0; i < 30; ++i) {
        under.add(i % 2 == 0, -51, t0 + i * 200ms);
        under.round(true);
        CHECK(under.early(PortalOptions{}).verdict == PassVerdict::none);
    }
}
