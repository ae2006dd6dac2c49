// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/smoothing/location_smoother.hpp"

#include <catch2/catch.hpp>

#include "gateway/smoothing/read_window.hpp"

using namespace casetrail::smoothing;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kShelfA = 1001, kShelfB = 1002, kShelfC = 1003, kDoor = 9000;

// Reader 0 covers shelves A and B (neighbours), reader 1 shelf C, reader 2 the doorway.
struct Run {
    LocationSmoother sm;
    ZoneId a, b, c, in, out;
    TagId tag;
    TimePoint now = TimePoint{} + std::chrono::hours(24 * 365 * 56);
    std::vector<LocationEvent> all;

    explicit Run(SmoothingOptions o = {}) : sm(o) {
        a = sm.add_zone({0, kShelfA, Role::shelf, -1});
        b = sm.add_zone({0, kShelfB, Role::shelf, -1});
        c = sm.add_zone({1, kShelfC, Role::shelf, -1});
        in = sm.add_zone({2, kDoor, Role::portal_in, 0});
        out = sm.add_zone({2, kDoor, Role::portal_out, 0});
        tag = sm.tag("E28011600000000000000001");
    }
    std::vector<LocationEvent> round(int reader, const std::vector<std::pair<ZoneId, double>>& reads) {
        now += reader == 2 ? 200ms : 1000ms;
        std::vector<Read> rs;
        rs.reserve(reads.size());
        for (const auto& [z, dbm] : reads) rs.push_back({tag, z, static_cast<std::int16_t>(dbm * 10), 2});
        const auto ev = sm.on_round(reader, now, rs);
        std::vector<LocationEvent> out_events(ev.begin(), ev.end());
        all.insert(all.end(), out_events.begin(), out_events.end());
        return out_events;
    }
    int count(EventKind k) const {
        int n = 0;
        for (const auto& e : all) n += e.kind == k;
        return n;
    }
    void settle_at(ZoneId z, int rounds = 20) {
        for (int i = 0; i < rounds; ++i) round(0, {{z, -55}});
    }
};

}  // namespace

TEST_CASE("windows follow the read rate: a rarely read tag gets a long window, a reliable one a short", "[smoother]") {
    CHECK(window_for(0.99, 1e-7, 2, 40) == 4);
    CHECK(window_for(0.6, 1e-7, 2, 40) == 18);
    CHECK(window_for(0.3, 1e-7, 2, 40) == 40);  // capped by the history
    CHECK(window_for(0.5, 0.5, 1, 40) == 1);
    CHECK(cautious_read_rate(6, 10) < read_rate(6, 10));
    CHECK(rounds_since(0b1000, 10) == 3);
    CHECK(rounds_since(0, 7) == 7);
}

TEST_CASE("a tag arrives after arrive_reads reads and one missed read makes no event", "[smoother]") {
    Run r;
    CHECK(r.round(0, {{r.a, -55}}).empty());
    const auto ev = r.round(0, {{r.a, -55}});
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == EventKind::arrived);
    CHECK(r.sm.zone(ev[0].zone).location_id == kShelfA);
    CHECK(ev[0].observed_at < ev[0].decided_at);  // first read, not the deciding round
    r.settle_at(r.a, 10);
    CHECK(r.round(0, {}).empty());
    CHECK(r.round(0, {{r.a, -55}}).empty());
    for (int i = 0; i < 3; ++i) CHECK(r.round(0, {}).empty());
    r.settle_at(r.a, 3);
    CHECK(r.all.size() == 1);
    CHECK(r.sm.where(r.tag).presence == Presence::present);
}

TEST_CASE("a tag read every round is noticed gone sooner than one read every other round", "[smoother]") {
    auto silent_rounds_until_departed = [](bool every_other) {
        Run r;
        for (int i = 0; i < 41; ++i)
            r.round(0, every_other && i % 2 ? std::vector<std::pair<ZoneId, double>>{}
                                            : std::vector<std::pair<ZoneId, double>>{{r.a, -55}});
        for (int n = 1; n <= 60; ++n) {
            for (const auto& e : r.round(0, {})) {
                if (e.kind == EventKind::departed) {
                    CHECK(e.evidence.quiet_rounds == n);
                    return n;
                }
            }
        }
        return -1;
    };
    const int reliable = silent_rounds_until_departed(false);
    const int patchy = silent_rounds_until_departed(true);
    CHECK(reliable >= 2);
    CHECK(reliable <= 6);
    CHECK(patchy > reliable + 5);  // rarely read: not declared gone too early
}

TEST_CASE("a real move is one event within two rounds, with its evidence, and cross-reads do not move a tag",
          "[smoother]") {
    Run r;
    // At A, heard weakly by its neighbour B now and then.
    for (int i = 0; i < 30; ++i)
        r.round(0, i % 4 == 0 ? std::vector<std::pair<ZoneId, double>>{{r.a, -55}, {r.b, -67}}
                              : std::vector<std::pair<ZoneId, double>>{{r.a, -55}});
    REQUIRE(r.count(EventKind::arrived) == 1);
    CHECK(r.count(EventKind::moved) == 0);
    // Moved to B: B strong, A hears it weakly.
    const auto first_at_b = r.now + 1000ms;
    std::vector<LocationEvent> moved;
    for (int i = 0; i < 2 && moved.empty(); ++i) {
        for (const auto& e : r.round(0, {{r.b, -55}, {r.a, -67}})) {
            if (e.kind == EventKind::moved) moved.push_back(e);
        }
    }
    REQUIRE(moved.size() == 1);
    CHECK(r.sm.zone(moved[0].zone).location_id == kShelfB);
    CHECK(r.sm.zone(moved[0].other).location_id == kShelfA);
    CHECK(moved[0].observed_at == first_at_b);
    CHECK(moved[0].evidence.reads >= 1);
    CHECK(moved[0].evidence.rssi_dbm == Approx(-55));
    CHECK(moved[0].evidence.window >= 2);
    r.settle_at(r.b, 30);
    CHECK(r.count(EventKind::moved) == 1);
}

TEST_CASE("a move to another reader's shelf is detected, and the old place leaves no departure", "[smoother]") {
    Run r;
    r.settle_at(r.a);
    for (int i = 0; i < 3; ++i) {
        r.round(1, {{r.c, -56}});
        r.round(0, {});
    }
    REQUIRE(r.count(EventKind::moved) == 1);
    CHECK(r.sm.zone(r.sm.where(r.tag).zone).location_id == kShelfC);
    for (int i = 0; i < 40; ++i) {
        r.round(1, {{r.c, -56}});
        r.round(0, {});
    }
    CHECK(r.count(EventKind::departed) == 0);
    CHECK(r.all.size() == 2);
}

TEST_CASE("a tag between two shelves gives one ambiguous state, not a stream of moves, then resolves", "[smoother]") {
    Run r;
    r.settle_at(r.a);
    // Across A and B: both hear it about as well, each missing rounds in its own rhythm.
    for (int i = 0; i < 120; ++i) {
        std::vector<std::pair<ZoneId, double>> reads;
        if (i % 3 != 1) reads.emplace_back(r.a, -58);
        if (i % 5 != 2) reads.emplace_back(r.b, -58.5);
        r.round(0, reads);
    }
    CHECK(r.count(EventKind::ambiguous) == 1);
    CHECK(r.count(EventKind::moved) <= 1);
    auto w = r.sm.where(r.tag);
    REQUIRE(w.presence == Presence::ambiguous);
    CHECK(((w.zone == r.a && w.other == r.b) || (w.zone == r.b && w.other == r.a)));
    const auto& amb =
        *std::find_if(r.all.begin(), r.all.end(), [](const auto& e) { return e.kind == EventKind::ambiguous; });
    CHECK(amb.evidence.other_reads > 0);
    // Pushed fully onto B: resolved there, once.
    r.settle_at(r.b, 40);
    CHECK(r.count(EventKind::resolved) == 1);
    CHECK(r.count(EventKind::ambiguous) == 1);
    w = r.sm.where(r.tag);
    CHECK(w.presence == Presence::present);
    CHECK(w.zone == r.b);
}

TEST_CASE("doorway: passes outward and inward, and a tag seen at the door and then on a shelf inside",
          "[smoother][portal]") {
    Run r;
    r.settle_at(r.a);
    // Carried to the door and through it: the inside antenna first, then the outside one.
    for (int i = 0; i < 6; ++i) r.round(2, {{r.in, -50}, {r.out, -63}});
    for (int i = 0; i < 6; ++i) r.round(2, {{r.out, -50}, {r.in, -63}});
    REQUIRE(r.count(EventKind::passed_out) == 1);  // decided while still heard outside
    for (int i = 0; i < 20; ++i) r.round(2, {});
    CHECK(r.count(EventKind::passed_out) == 1);  // the tail outside is no second pass
    CHECK(r.count(EventKind::passed_in) == 0);
    const auto& pass = r.all.back();
    CHECK(pass.kind == EventKind::passed_out);
    CHECK(pass.zone == r.out);
    CHECK(pass.evidence.pass.inside.reads >= 7);  // its six rounds inside and a cross-read or more from outside
    CHECK(pass.evidence.pass.outside.reads >= 2);
    CHECK(pass.evidence.pass.gap_ms > 0);
    CHECK(r.sm.where(r.tag).presence == Presence::absent);  // no longer on shelf A
    // Back in: outside first, then inside, then on shelf C.
    for (int i = 0; i < 6; ++i) r.round(2, {{r.out, -52}});
    for (int i = 0; i < 6; ++i) r.round(2, {{r.in, -52}});
    for (int i = 0; i < 10; ++i) r.round(2, {});
    CHECK(r.count(EventKind::passed_in) == 1);
    for (int i = 0; i < 3; ++i) r.round(1, {{r.c, -55}});
    CHECK(r.all.back().kind == EventKind::arrived);
    CHECK(r.sm.zone(r.all.back().zone).location_id == kShelfC);
    CHECK(r.count(EventKind::departed) == 0);
}

TEST_CASE("doorway: lingering near one side, or standing under the door, is not a pass", "[smoother][portal]") {
    Run r;
    for (int i = 0; i < 40; ++i)
        r.round(2, i % 3 ? std::vector<std::pair<ZoneId, double>>{{r.in, -50}}
                         : std::vector<std::pair<ZoneId, double>>{{r.in, -50}, {r.out, -63}});
    for (int i = 0; i < 10; ++i) r.round(2, {});
    CHECK(r.all.empty());
    for (int i = 0; i < 20; ++i) r.round(2, {{r.in, -52}, {r.out, -52}});
    for (int i = 0; i < 10; ++i) r.round(2, {});
    CHECK(r.all.empty());
}

TEST_CASE("a fixed one-round window makes every missed read a departure (what the adaptive window avoids)",
          "[smoother]") {
    SmoothingOptions o;
    o.shelf.window_rounds = 1;
    o.shelf.arrive_reads = 1;
    Run r(o);
    r.round(0, {{r.a, -55}});
    r.round(0, {});
    r.round(0, {{r.a, -55}});
    CHECK(r.count(EventKind::arrived) == 2);
    CHECK(r.count(EventKind::departed) == 1);
}

TEST_CASE("a seeded tag makes no event where it is, and moves like any other", "[smoother]") {
    Run r;
    r.sm.seed(r.tag, r.a);
    for (int i = 0; i < 10; ++i) CHECK(r.round(0, {{r.a, -55}}).empty());
    for (int i = 0; i < 3; ++i) r.round(0, {{r.b, -55}});
    CHECK(r.count(EventKind::moved) == 1);
    r.sm.apply(EventKind::departed, r.tag, r.b, kNoZone);
    CHECK(r.sm.where(r.tag).presence == Presence::absent);
    r.sm.apply(EventKind::ambiguous, r.tag, r.a, r.b);
    CHECK(r.sm.where(r.tag).presence == Presence::ambiguous);
}

TEST_CASE("options are validated with the field named, and doorways need one antenna a side on one reader",
          "[smoother]") {
    SmoothingOptions o;
    o.shelf.max_window = 1;
    o.shelf.min_window = 2;
    CHECK(validate(o).value_or("") == "shelf.max_window: must be min_window..40");
    CHECK_THROWS_AS(LocationSmoother(o), std::invalid_argument);
    LocationSmoother sm{SmoothingOptions{}};
    sm.add_zone({0, 1, Role::portal_in, 0});
    CHECK_THROWS_AS(sm.add_zone({0, 1, Role::portal_in, 0}), std::invalid_argument);
    CHECK_THROWS_AS(sm.add_zone({1, 1, Role::portal_out, 0}), std::invalid_argument);
    CHECK_THROWS_AS(sm.add_zone({0, 1, Role::shelf, 0}), std::invalid_argument);
    CHECK(role_from_string("portal-out") == Role::portal_out);
    CHECK_FALSE(role_from_string("door"));
    CHECK(event_kind_from_string("passed_in") == EventKind::passed_in);
}

TEST_CASE("events of a tag never go back in time, even when their evidence is older", "[smoother]") {
    Run r;
    // Heard twice by shelf C's reader while carried past it, then put on shelf A: C's window is long
    // (two reads out of two), so the tag is ambiguous for a while, then resolved at A.
    r.round(1, {{r.c, -55}});
    r.round(1, {{r.c, -55}});
    for (int i = 0; i < 40; ++i) {
        r.round(0, {{r.a, -55}});
        r.round(1, {});
    }
    REQUIRE(r.all.size() >= 2);
    for (std::size_t i = 1; i < r.all.size(); ++i) CHECK(r.all[i].observed_at > r.all[i - 1].observed_at);
    CHECK(r.sm.where(r.tag).zone == r.a);
}

TEST_CASE("a restart replaying an ambiguous event whose second place is gone seeds the first", "[smoother]") {
    Run r;
    CHECK_NOTHROW(r.sm.apply(EventKind::ambiguous, r.tag, r.a, kNoZone));
    CHECK(r.sm.where(r.tag).presence == Presence::present);
    CHECK(r.sm.where(r.tag).zone == r.a);
    CHECK_NOTHROW(r.sm.seed(r.tag, 999));
    CHECK(r.sm.where(r.tag).presence == Presence::absent);
}

TEST_CASE("a late inward verdict leaves a tag on the shelf it reached meanwhile", "[smoother][portal]") {
    SmoothingOptions o;
    o.portal.switch_tolerance = 1e-12;  // no early verdict: decided only once the door is quiet
    Run r(o);
    for (int i = 0; i < 6; ++i) r.round(2, {{r.out, -50}});
    for (int i = 0; i < 6; ++i) r.round(2, {{r.in, -50}});
    // Straight onto shelf C, while the door's quiet window runs.
    for (int i = 0; i < 3; ++i) {
        r.round(1, {{r.c, -55}});
        for (int k = 0; k < 5; ++k) r.round(2, {});
    }
    for (int i = 0; i < 40; ++i) r.round(2, {});
    REQUIRE(r.count(EventKind::passed_in) == 1);
    CHECK(r.count(EventKind::arrived) == 1);
    CHECK(r.sm.where(r.tag).presence == Presence::present);
    CHECK(r.sm.where(r.tag).zone == r.c);
}

TEST_CASE("after an early verdict the tail outside and its cross-reads make no second pass", "[smoother][portal]") {
    Run r;
    for (int i = 0; i < 6; ++i) r.round(2, {{r.in, -50}, {r.out, -58}});
    for (int i = 0; i < 4; ++i) r.round(2, {{r.out, -50}, {r.in, -58}});
    REQUIRE(r.count(EventKind::passed_out) == 1);
    // Walking away: the outside antenna hears it fade, the inside one now and then, about as weakly.
    for (int i = 0; i < 8; ++i)
        r.round(2, {{r.out, static_cast<double>(-57 - i)}, {r.in, static_cast<double>(-59 - i)}});
    for (int i = 0; i < 30; ++i) r.round(2, {});
    CHECK(r.count(EventKind::passed_out) == 1);
    CHECK(r.count(EventKind::passed_in) == 0);
}

TEST_CASE("a forgotten tag leaves no trace, its id goes to the next EPC, and idle says when nothing is lost",
          "[smoother][unbound]") {
    Run r;
    CHECK(r.sm.idle(r.tag));
    r.settle_at(r.a, 3);
    CHECK_FALSE(r.sm.idle(r.tag));  // placed: forgetting it would lose its departure
    const auto other = r.sm.tag("E28011600000000000000002");
    CHECK(r.sm.find("E28011600000000000000002") == other);
    CHECK_FALSE(r.sm.find("E28011600000000000000003"));
    // At a door: not idle until its pass is decided.
    std::vector<Read> at_door = {{other, r.in, -500, 1}};
    r.sm.on_round(2, r.now += 200ms, at_door);
    CHECK_FALSE(r.sm.idle(other));
    r.sm.forget(other);
    CHECK_FALSE(r.sm.find("E28011600000000000000002"));
    CHECK(r.sm.epc(other).empty());
    CHECK(r.sm.where(other).presence == Presence::absent);
    CHECK(r.sm.tracked_tags() == 1);
    for (int i = 0; i < 40; ++i) r.sm.on_round(2, r.now += 200ms, {});  // no pass of a forgotten tag
    // Its id is given out again, as a fresh tag.
    const auto again = r.sm.tag("E28011600000000000000003");
    CHECK(again == other);
    CHECK(r.sm.tag_ids() == 2);
    CHECK(r.sm.tracked_tags() == 2);
    CHECK(r.sm.idle(again));
    // Forgetting a placed tag drops its places from the reader's rounds: the next rounds go on for the others.
    r.sm.forget(r.tag);
    r.sm.forget(r.tag);  // twice: nothing more
    CHECK(r.sm.tracked_tags() == 1);
    std::vector<Read> at_a = {{again, r.a, -550, 1}};
    int arrived = 0;
    for (int i = 0; i < 3; ++i) {
        for (const auto& e : r.sm.on_round(0, r.now += 1s, at_a))
            arrived += e.kind == EventKind::arrived && e.tag == again;
    }
    CHECK(arrived == 1);
    CHECK(r.sm.where(again).zone == r.a);
}
