#include "gateway/tag_smoother.hpp"

#include <catch2/catch.hpp>

using namespace casetrail::gateway;
using namespace std::chrono_literals;

namespace {

const Zone kShelf1{0, 101, 1001};
const Zone kShelf2{0, 102, 1002};
const Zone kShelf1b{0, 103, 1001};  // a second antenna over shelf 1
const Zone kOtherReaderShelf3{1, 201, 1003};
const std::string kTag = "E28011600000000000000001";

TimePoint t0() { return TimePoint{} + std::chrono::hours(24 * 365 * 56); }

struct Run {
    TagSmoother smoother{SmoothingOptions{2, 3}};
    TimePoint now = t0();
    int round_no = 0;
    std::vector<LocationEvent> all;

    std::vector<LocationEvent> round(int reader, std::vector<TagRead> reads) {
        now += 500ms;
        ++round_no;
        auto ev = smoother.on_round(reader, now, reads);
        all.insert(all.end(), ev.begin(), ev.end());
        return ev;
    }
    std::vector<LocationEvent> seen(const Zone& z, std::int16_t rssi = -550) { return round(z.reader, {{kTag, z, rssi, 2}}); }
    std::vector<LocationEvent> nothing(int reader = 0) { return round(reader, {}); }
};

}  // namespace

TEST_CASE("a tag is placed only after confirm_rounds rounds", "[smoother]") {
    Run r;
    CHECK(r.seen(kShelf1).empty());
    const auto ev = r.seen(kShelf1);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == EventKind::arrived);
    CHECK(ev[0].zone.location_id == kShelf1.location_id);
    CHECK(ev[0].observed_at == t0() + 500ms);  // first seen, not confirmed
    CHECK(ev[0].decided_at == t0() + 1000ms);
}

TEST_CASE("one missed read makes no event", "[smoother]") {
    Run r;
    r.seen(kShelf1);
    r.seen(kShelf1);
    CHECK(r.nothing().empty());
    CHECK(r.seen(kShelf1).empty());
    CHECK(r.nothing().empty());
    CHECK(r.nothing().empty());
    CHECK(r.seen(kShelf1).empty());
    CHECK(r.all.size() == 1);
}

TEST_CASE("a tag missing for absent_rounds rounds departs, dated when last seen", "[smoother]") {
    Run r;
    r.seen(kShelf1);
    r.seen(kShelf1);
    const auto last_seen = r.now;
    CHECK(r.nothing().empty());
    CHECK(r.nothing().empty());
    const auto ev = r.nothing();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == EventKind::departed);
    CHECK(ev[0].zone.location_id == kShelf1.location_id);
    CHECK(ev[0].observed_at == last_seen);
    CHECK_FALSE(r.smoother.current(kTag));
    CHECK(r.smoother.tracked_tags() == 0);  // forgotten, not leaked
}

TEST_CASE("a move is one event, after confirm_rounds rounds at the new place", "[smoother]") {
    Run r;
    r.smoother.seed(kTag, kShelf1, r.now);
    CHECK(r.seen(kShelf2).empty());
    const auto ev = r.seen(kShelf2);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == EventKind::moved);
    CHECK(ev[0].from_location_id == kShelf1.location_id);
    CHECK(ev[0].zone.location_id == kShelf2.location_id);
    for (int i = 0; i < 5; ++i) CHECK(r.seen(kShelf2).empty());
    CHECK(r.all.size() == 1);
}

TEST_CASE("a single stray read elsewhere does not move the tag", "[smoother]") {
    Run r;
    r.smoother.seed(kTag, kShelf1, r.now);
    CHECK(r.seen(kShelf2).empty());
    CHECK(r.seen(kShelf1).empty());
    CHECK(r.seen(kShelf2).empty());
    CHECK(r.seen(kShelf1).empty());
    CHECK(r.all.empty());
    CHECK(r.smoother.current(kTag)->location_id == kShelf1.location_id);
}

TEST_CASE("a weaker cross-read on a neighbouring antenna is outvoted by the stronger read", "[smoother]") {
    Run r;
    r.smoother.seed(kTag, kShelf1, r.now);
    for (int i = 0; i < 5; ++i) {
        CHECK(r.round(0, {{kTag, kShelf2, -700, 1}, {kTag, kShelf1, -520, 3}}).empty());
    }
}

TEST_CASE("two antennas over one shelf are one place", "[smoother]") {
    Run r;
    r.smoother.seed(kTag, kShelf1, r.now);
    for (int i = 0; i < 4; ++i) CHECK(r.seen(kShelf1b).empty());
    CHECK(r.smoother.current(kTag)->antenna_id == kShelf1b.antenna_id);
}

TEST_CASE("a seeded tag that is where the database says makes no event on restart", "[smoother]") {
    Run r;
    r.smoother.seed(kTag, kShelf1, r.now);
    for (int i = 0; i < 10; ++i) CHECK(r.seen(kShelf1).empty());
}

TEST_CASE("a tag moving to another reader's antenna moves once, and the old reader does not depart it", "[smoother]") {
    Run r;
    r.smoother.seed(kTag, kShelf1, r.now);
    r.nothing(0);  // it left reader 0's field...
    r.seen(kOtherReaderShelf3);
    const auto ev = r.seen(kOtherReaderShelf3);  // ...and is confirmed on reader 1
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == EventKind::moved);
    for (int i = 0; i < 5; ++i) CHECK(r.nothing(0).empty());
    CHECK(r.all.size() == 1);
}

TEST_CASE("rounds of other readers do not count as misses", "[smoother]") {
    Run r;
    r.smoother.seed(kTag, kShelf1, r.now);
    for (int i = 0; i < 10; ++i) CHECK(r.nothing(1).empty());
    CHECK(r.smoother.current(kTag));
}

TEST_CASE("smoothing options are validated", "[smoother]") {
    CHECK_THROWS_AS(TagSmoother(SmoothingOptions{0, 3}), std::invalid_argument);
    CHECK_THROWS_AS(TagSmoother(SmoothingOptions{1, 0}), std::invalid_argument);
}
