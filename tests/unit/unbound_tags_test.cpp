// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/smoothing/unbound_tags.hpp"

#include <set>

#include <catch2/catch.hpp>

using namespace casetrail::smoothing;
using namespace std::chrono_literals;

namespace {

const auto t0 = std::chrono::system_clock::time_point{} + std::chrono::hours(500000);

// A reader's rounds against the limiter, as the gateway runs them: tags already tracked are heard first,
// then newcomers ask for room; evicted tags are forgotten (their ids come back, as the core gives them).
struct Rounds {
    UnboundTags tags;
    std::set<TagId> placed;  // what the core holds a decision about: never idle
    std::set<TagId> live;
    std::vector<TagId> free_ids;
    TagId next_id = 0;
    std::uint64_t round = 0;
    UnboundTags::TimePoint now = t0;
    UnboundTags::Idle idle = [this](TagId t) { return placed.count(t) == 0; };

    explicit Rounds(std::size_t max_tracked, double per_minute = 60) : tags(2, {max_tracked, per_minute}) {}

    // Returns the ids taken in this round for `heard` (existing ids) and `newcomers` (how many new EPCs).
    std::vector<TagId> run(int reader, const std::vector<TagId>& heard, int newcomers) {
        ++round;
        now += 1s;
        std::vector<TagId> in;
        for (const auto t : heard) {
            tags.heard(t, round, now);
            in.push_back(t);
        }
        for (int i = 0; i < newcomers; ++i) {
            const auto room = tags.make_room(reader, round, now, idle);
            if (!room.granted) continue;
            if (room.evicted) {
                CHECK(live.erase(*room.evicted) == 1);
                free_ids.push_back(*room.evicted);
            }
            TagId id = next_id;
            if (free_ids.empty()) {
                ++next_id;
            } else {
                id = free_ids.back();
                free_ids.pop_back();
            }
            tags.add(reader, id, round, now);
            live.insert(id);
            in.push_back(id);
        }
        return in;
    }
};

}  // namespace

TEST_CASE("unbound tag limits are validated, naming the field", "[unbound]") {
    CHECK_FALSE(validate(UnboundTagLimits{}));
    CHECK(*validate({5, 60}) == "max_tracked: must be 10..1000000");
    CHECK(*validate({100, -1}) == "events_per_minute: must be 0..1000000");
    CHECK_THROWS_WITH(UnboundTags(1, {0, 60}), "unbound_tags.max_tracked: must be 10..1000000");
}

TEST_CASE("a flood of fresh EPCs never holds more than the cap, nor pushes out a tag heard in the same round",
          "[unbound]") {
    Rounds r(100);
    const auto first = r.run(0, {}, 150);
    CHECK(first.size() == 100);  // the cap filled in one round, the rest refused
    CHECK(r.tags.stats(0).tracked == 100);
    CHECK(r.tags.stats(0).refused == 50);
    CHECK(r.tags.stats(0).evicted == 0);
    for (int i = 0; i < 50; ++i) {
        const auto in = r.run(0, {}, 1500);
        CHECK(in.size() == 100);  // last round's made room, this round's did not make room for each other
        CHECK(r.tags.stats(0).tracked == 100);
        CHECK(r.live.size() == 100);
    }
    CHECK(r.tags.stats(0).evicted == 50 * 100);
    CHECK(r.tags.stats(0).churned == 50 * 100);  // all of them heard a second before: a flood
    CHECK(r.tags.stats(1).tracked == 0);         // the other reader's share is untouched
    CHECK(r.next_id == 100);                     // ids reused: the core does not grow either
}

TEST_CASE("stray tags heard round after round stay while a flood churns the probation segment", "[unbound]") {
    Rounds r(100);
    auto strays = r.run(0, {}, 20);
    r.run(0, strays, 0);  // heard again: protected
    for (int i = 0; i < 30; ++i) {
        const auto in = r.run(0, strays, 500);
        for (const auto s : strays) CHECK(r.tags.tracks(s));
        CHECK(in.size() == 100);
    }
    CHECK(r.tags.stats(0).tracked == 100);
    // A flood that repeats each EPC in two rounds gets its EPCs protected too: the strays still stay.
    std::vector<TagId> last;
    for (int i = 0; i < 30; ++i) {
        auto heard = strays;
        heard.insert(heard.end(), last.begin(), last.end());
        const auto in = r.run(0, heard, 500);
        last.assign(in.begin() + static_cast<std::ptrdiff_t>(heard.size()), in.end());
        for (const auto s : strays) CHECK(r.tags.tracks(s));
        CHECK(r.tags.stats(0).tracked <= 100);
    }
}

TEST_CASE("a tag the core has placed, or follows through a door, is passed over, not evicted", "[unbound]") {
    Rounds r(10);
    const auto tags = r.run(0, {}, 10);
    for (const auto t : tags) r.placed.insert(t);
    CHECK(r.run(0, {}, 5).empty());  // every one placed: the newcomers are refused
    CHECK(r.tags.stats(0).refused == 5);
    CHECK(r.tags.stats(0).evicted == 0);
    r.placed.erase(tags[3]);  // gone from its place: it may go now
    CHECK(r.run(0, {}, 1).size() == 1);
    CHECK(r.tags.stats(0).evicted == 1);
    for (const auto t : tags) CHECK(r.tags.tracks(t));  // tags[3]'s id went to the newcomer
}

TEST_CASE("housekeeping of tags heard long ago is not counted as a flood", "[unbound]") {
    Rounds r(10);
    r.run(0, {}, 10);
    r.now += 5min;
    CHECK(r.run(0, {}, 3).size() == 3);
    CHECK(r.tags.stats(0).evicted == 3);
    CHECK(r.tags.stats(0).churned == 0);
}

TEST_CASE("a released tag (bound now) no longer counts, and adopted tags may exceed the cap", "[unbound]") {
    Rounds r(10);
    const auto in = r.run(0, {}, 10);
    r.tags.release(in[0]);
    CHECK_FALSE(r.tags.tracks(in[0]));
    CHECK(r.tags.stats(0).tracked == 9);
    for (TagId t = 100; t < 105; ++t) r.tags.adopt(1, t, true);
    CHECK(r.tags.stats(1).tracked == 5);
    r.tags.release(999);  // not tracked: nothing happens
    CHECK(r.tags.stats(0).tracked == 9);
}

TEST_CASE("events of unbound tags are rate-limited per reader, and a written place is always left", "[unbound]") {
    UnboundTags tags(2, {100, 60});
    for (TagId t = 0; t < 100; ++t) tags.add(0, t, 1, t0);
    tags.add(1, 100, 1, t0);
    int written = 0;
    for (TagId t = 0; t < 100; ++t) written += tags.admit_event(0, t, false, t0);
    CHECK(written == 60);  // a minute's worth in hand
    CHECK(tags.stats(0).events_dropped == 40);
    CHECK(tags.admit_event(1, 100, false, t0));  // the other reader's budget is its own
    // Half a minute later: 30 more.
    written = 0;
    for (TagId t = 60; t < 100; ++t) written += tags.admit_event(0, t, false, t0 + 30s);
    CHECK(written == 30);
    // Tag 0's arrival was written: its departure goes even with no token left, and owes it.
    CHECK(tags.admit_event(0, 0, true, t0 + 30s));
    // Tag 95's was not: its departure takes a token like any event (none left now).
    CHECK_FALSE(tags.admit_event(0, 95, true, t0 + 30s));
    // The debt is paid before anything else goes: a second later, still nothing.
    CHECK_FALSE(tags.admit_event(0, 96, false, t0 + 31s));
    CHECK(tags.admit_event(0, 96, false, t0 + 33s));
    // Over ten minutes the rate holds: 600 tries a minute, 60 of them written (and the minute in hand).
    UnboundTags steady(1, {10, 60});
    steady.add(0, 0, 1, t0);
    written = 0;
    for (int i = 0; i < 6000; ++i) written += steady.admit_event(0, 0, false, t0 + i * 100ms);
    CHECK(written >= 60 + 599);
    CHECK(written <= 60 + 600);
    UnboundTags none(1, {10, 0});
    none.add(0, 0, 1, t0);
    CHECK_FALSE(none.admit_event(0, 0, false, t0 + 1h));
}
