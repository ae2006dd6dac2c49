#include "smoothing/portal_pass.hpp"

#include <catch2/catch.hpp>

using namespace casetrail::smoothing;
using namespace std::chrono_literals;

namespace {
const PortalPass::TimePoint t0 = PortalPass::TimePoint{} + std::chrono::hours(1);
}

TEST_CASE("a pass's direction comes from the signal-weighted order of the two sides", "[portal]") {
    PortalPass p(0, t0);
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
    PortalPass linger(0, t0);
    for (int i = 0; i < 10; ++i) linger.add(false, -50, t0 + i * 200ms);
    linger.add(true, -63, t0 + 2000ms);
    CHECK(linger.decide(PortalOptions{}).verdict == PassVerdict::none);
    PortalPass under(0, t0);
    for (int i = 0; i < 10; ++i) {
        under.add(false, -52, t0 + i * 200ms);
        under.add(true, -52, t0 + i * 200ms);
    }
    CHECK(under.decide(PortalOptions{}).verdict == PassVerdict::none);
    PortalPass inward(0, t0);
    inward.add(true, -50, t0);
    inward.add(false, -51, t0 + 600ms);
    CHECK(inward.decide(PortalOptions{}).verdict == PassVerdict::inward);
}
