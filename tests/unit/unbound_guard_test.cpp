// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/unbound_guard.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <catch2/catch.hpp>

#include "gateway/app/bound_epc_cache.hpp"
#include "gateway/app/bound_epcs.hpp"

using namespace casetrail;
using namespace casetrail::gateway;
using namespace casetrail::smoothing;
using namespace std::chrono_literals;

namespace {

std::string epc(const char* prefix, int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%016d", prefix, n);
    return buf;
}

// Reader 0 covers shelves A and B, reader 1 shelf C; the guard lets R0 bring in 10 unbound tags.
struct Site {
    LocationSmoother core{SmoothingOptions{}};
    ZoneId a = 0, b = 0, c = 0;
    UnboundGuard guard;
    TimePoint now = TimePoint{} + std::chrono::hours(500000);
    std::vector<std::string> texts;
    std::vector<Read> reads;
    int flood_serial = 0;

    explicit Site(UnboundTagLimits limits = {10, 60}) : guard(core, 2, limits) {
        const ZoneSpec shelf_a{0, 1001, Role::shelf, -1}, shelf_b{0, 1002, Role::shelf, -1},
            shelf_c{1, 1003, Role::shelf, -1};
        a = core.add_zone(shelf_a);
        b = core.add_zone(shelf_b);
        c = core.add_zone(shelf_c);
    }

    // One round of `reader`: its reads (EPC, zone), and `flood` fresh EPCs at shelf B before them.
    std::vector<LocationEvent> round(int reader, const std::vector<std::pair<std::string, ZoneId>>& heard,
                                     int flood = 0) {
        now += 1s;
        texts.clear();
        for (int i = 0; i < flood; ++i) texts.push_back(epc("F100", ++flood_serial));
        for (const auto& h : heard) texts.push_back(h.first);
        std::vector<UnboundGuard::Heard> in;
        for (std::size_t i = 0; i < texts.size(); ++i) {
            in.push_back({&texts[i], i < static_cast<std::size_t>(flood) ? b : heard[i - flood].second, -550, 2});
        }
        guard.take_round(reader, now, in, reads);
        std::vector<LocationEvent> kept;
        for (const auto& e : core.on_round(reader, now, reads)) {
            if (guard.keep(e, now)) kept.push_back(e);
        }
        return kept;
    }
    int count(const std::vector<LocationEvent>& events, EventKind kind, const std::string& of) const {
        int n = 0;
        for (const auto& e : events) n += e.kind == kind && core.epc(e.tag) == of;
        return n;
    }
};

const std::vector<std::string> kBound = {epc("E280", 1), epc("E280", 2), epc("E280", 3)};

}  // namespace

TEST_CASE("a flood at a reader never pushes out a bound tag nor costs it an event, and is reported", "[unbound]") {
    Site s;
    s.guard.learn_bindings(kBound, true);
    std::vector<LocationEvent> all;
    std::vector<std::pair<std::string, ZoneId>> shelf = {{kBound[0], s.a}, {kBound[1], s.a}, {kBound[2], s.a}};
    for (int i = 0; i < 30; ++i) {
        if (i == 15) shelf[1].second = s.b;  // a dossier moves, mid-flood
        const auto ev = s.round(0, shelf, 200);
        all.insert(all.end(), ev.begin(), ev.end());
        CHECK(s.guard.limiter().stats(0).tracked <= 10);
        CHECK(s.core.tracked_tags() <= 3 + 10);
        CHECK_THAT(s.guard.flood_of_round(0), Catch::Contains("refused") && Catch::Contains("at most 10 tracked"));
    }
    for (const auto& b : kBound) CHECK(s.count(all, EventKind::arrived, b) == 1);
    CHECK(s.count(all, EventKind::moved, kBound[1]) == 1);
    CHECK(s.core.where(*s.core.find(kBound[1])).zone == s.b);
    CHECK(s.guard.limiter().stats(0).refused >= 29 * 190);
    // The flood over: rounds say nothing of a flood.
    s.round(0, shelf);
    CHECK(s.guard.flood_of_round(0).empty());
    CHECK(s.guard.limiter().stats(1).tracked == 0);
}

TEST_CASE("unbound tags' events are limited, a written arrival's departure always goes, a newly bound tag is free",
          "[unbound]") {
    Site s({10, 2});
    s.guard.learn_bindings({}, true);
    std::vector<std::pair<std::string, ZoneId>> strays;
    strays.reserve(5);
    for (int i = 0; i < 5; ++i) strays.emplace_back(epc("AAAA", i), s.a);
    std::vector<LocationEvent> arrivals;
    for (int i = 0; i < 5; ++i) {
        const auto ev = s.round(0, strays);
        arrivals.insert(arrivals.end(), ev.begin(), ev.end());
        if (i == 1)
            CHECK(s.guard.flood_of_round(0) ==
                  "unbound EPCs 0 refused and 0 evicted (at most 10 tracked), "
                  "3 of their events dropped (at most 2 a minute)");
    }
    CHECK(arrivals.size() == 2);  // two a minute: the first two decided
    CHECK(s.count(arrivals, EventKind::arrived, strays[0].first) == 1);
    CHECK(s.count(arrivals, EventKind::arrived, strays[1].first) == 1);
    CHECK(s.guard.limiter().stats(0).events_dropped == 3);
    // Bound now: no longer limited, nor counted. Tag 4's arrival was not written: it is forgotten, and
    // arrives again, bound, at its next reads; tag 0's was: it stays where it is.
    s.guard.learn_bindings({strays[0].first, strays[4].first}, false);
    CHECK(s.guard.limiter().stats(0).tracked == 3);
    CHECK_FALSE(s.core.find(strays[4].first));
    REQUIRE(s.core.find(strays[0].first));
    CHECK(s.core.where(*s.core.find(strays[0].first)).presence == Presence::present);
    std::vector<LocationEvent> again;
    for (int i = 0; i < 3; ++i) {
        const auto ev = s.round(0, {strays[4]});
        again.insert(again.end(), ev.begin(), ev.end());
    }
    CHECK(s.count(again, EventKind::arrived, strays[4].first) == 1);
    // All of them go: the bound ones, and the one unbound whose arrival was written; the other two
    // unbound ones' departures go the way of their arrivals.
    std::vector<LocationEvent> gone;
    for (int i = 0; i < 45 && gone.size() < 3; ++i) {
        const auto ev = s.round(0, {});
        gone.insert(gone.end(), ev.begin(), ev.end());
    }
    REQUIRE(gone.size() == 3);
    for (const int n : {0, 1, 4})
        CHECK(s.count(gone, EventKind::departed, strays[static_cast<std::size_t>(n)].first) == 1);
}

TEST_CASE("at start, tags of the local state bound to nothing are counted where they are, or forgotten", "[unbound]") {
    Site s;
    const auto placed = s.core.tag(epc("BBBB", 1));
    s.core.seed(placed, s.c);
    const auto nowhere = s.core.tag(epc("BBBB", 2));  // replayed from the spool: departed
    const auto bound = s.core.tag(kBound[0]);
    s.core.seed(bound, s.a);
    s.guard.learn_bindings(kBound, true);
    CHECK(s.guard.limiter().tracks(placed));
    CHECK(s.guard.limiter().stats(1).tracked == 1);  // at reader 1's shelf
    CHECK_FALSE(s.core.find(epc("BBBB", 2)));
    CHECK(s.core.epc(nowhere).empty());
    CHECK_FALSE(s.guard.limiter().tracks(bound));
    // Its place was written: leaving it is written even with nothing left of the rate.
    Site tight({10, 0});
    const auto t = tight.core.tag(epc("BBBB", 1));
    tight.core.seed(t, tight.c);
    tight.guard.learn_bindings({}, true);
    std::vector<LocationEvent> ev;
    for (int i = 0; i < 45 && ev.empty(); ++i) ev = tight.round(1, {});
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == EventKind::departed);
}

TEST_CASE("before the database has said which EPCs are bound, nothing is limited", "[unbound]") {
    Site s({10, 0});
    for (int i = 0; i < 3; ++i) s.round(0, {}, 100);
    CHECK(s.core.tracked_tags() == 300);
    CHECK(s.guard.limiter().stats(0).tracked == 0);
    CHECK(s.guard.flood_of_round(0).empty());
    CHECK_FALSE(s.guard.bound().known());
    s.guard.learn_bindings({kBound[0]}, false);  // bindings since: still not the whole list
    CHECK_FALSE(s.guard.bound().known());
    s.guard.learn_bindings(kBound, true);
    CHECK(s.guard.bound().known());
    CHECK(s.core.tracked_tags() == 0);  // the flood's, placed nowhere, forgotten
}

TEST_CASE("bound EPCs: added, merged past the recent set, replaced whole", "[unbound]") {
    BoundEpcs b;
    CHECK_FALSE(b.known());
    for (int i = 0; i < 10000; ++i) b.add(epc("E280", i));
    b.add(epc("E280", 7));
    CHECK(b.size() == 10000);
    for (int i = 0; i < 10000; i += 97) CHECK(b.contains(epc("E280", i)));
    CHECK_FALSE(b.contains(epc("E280", 10000)));
    b.replace({epc("E280", 5), epc("E280", 5), epc("E281", 1)});
    CHECK(b.known());
    CHECK(b.size() == 2);
    CHECK(b.contains(epc("E281", 1)));
    CHECK_FALSE(b.contains(epc("E280", 6)));
}

TEST_CASE("the cache of bound EPCs is rewritten, appended to and read back, and a stranger's file is not used",
          "[unbound]") {
    char tmpl[] = "/tmp/casetrail-bound-test.XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    const std::string path = std::string(tmpl) + "/bound_epcs.txt";
    CHECK_FALSE(load_bound_epc_cache(path));
    save_bound_epc_cache(path, {epc("E280", 1), epc("E280", 2)});
    append_bound_epc_cache(path, {epc("E280", 3)});
    std::ofstream(path, std::ios::app) << "E2801";  // a torn last line
    const auto back = load_bound_epc_cache(path);
    REQUIRE(back);
    CHECK(*back == std::vector<std::string>{epc("E280", 1), epc("E280", 2), epc("E280", 3)});
    std::ofstream(path) << "E28000000000000000000001\n";
    CHECK_FALSE(load_bound_epc_cache(path));
    std::remove(path.c_str());
    CHECK_THROWS_WITH(append_bound_epc_cache(path, {epc("E280", 1)}), Catch::Contains(path));
    std::remove(tmpl);
}
