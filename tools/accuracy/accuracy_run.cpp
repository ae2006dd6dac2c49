#include "tools/accuracy/accuracy_run.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "firmware-bridge/simulator/noise.hpp"
#include "firmware-bridge/simulator/tag_field.hpp"
#include "gateway/smoothing/location_smoother.hpp"

namespace casetrail::accuracy {

namespace sm = casetrail::smoothing;
namespace sim = casetrail::bridge::sim;

namespace {

constexpr std::int64_t kDoorLocation = 9000;
constexpr int kGiveUpCycles = 60;  // a move not seen after this many cycles is missed

std::int64_t shelf_location(int reader, int antenna) { return 1000 + reader * 100 + antenna; }

std::string epc_of(int tag) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "E2801160%016X", static_cast<unsigned>(tag));
    return buf;
}

struct Places {
    std::array<std::int64_t, 2> at{0, 0};
    int n = 0;
    bool has(std::int64_t loc) const { return (n > 0 && at[0] == loc) || (n > 1 && at[1] == loc); }
    bool overlaps(const Places& o) const { return (n > 0 && o.has(at[0])) || (n > 1 && o.has(at[1])); }
};

struct DoorVisit {
    int expected = 0;  // 1 out, -1 in, 0 linger
    bool ended = false;
    std::int64_t ended_ms = 0;
    int reported = 0;  // the first pass the core reported for it
};

struct TagRun {
    int reader = -1;  // the field holding it, if any
    Truth truth = Truth::shelf;
    Places places;       // where it truly is (shelf, between)
    Places last_placed;  // where it last truly was on shelves, until it leaves through the door
    bool have_last = false;
    int unmatched_changes = 0;  // truth changes no reported move has answered yet (each explains one move)
    // A relocation being watched for detection.
    bool pending = false;
    std::int64_t move_ms = 0;
    int dest_reader = 0;
    std::uint64_t rounds_at_move = 0;
    std::vector<DoorVisit> visits;
    std::int16_t rssi = -550;
};

}  // namespace

AccuracyResult run_accuracy(const RunSettings& run, const Scenario& scenario, const NoiseLevel& level,
                            const sm::SmoothingOptions& options) {
    const auto& L = run.layout;
    const int readers = L.shelf_readers + 1;
    const int portal = L.portal_reader();
    sm::LocationSmoother smoother(options);
    std::vector<std::vector<sm::ZoneId>> zone_of(static_cast<std::size_t>(readers));
    std::vector<std::int64_t> location_of_zone;
    for (int r = 0; r < L.shelf_readers; ++r) {
        zone_of[static_cast<std::size_t>(r)].push_back(sm::kNoZone);
        for (int a = 1; a <= L.antennas; ++a) {
            zone_of[static_cast<std::size_t>(r)].push_back(smoother.add_zone({r, shelf_location(r, a), sm::Role::shelf, -1}));
            location_of_zone.push_back(shelf_location(r, a));
        }
    }
    zone_of[static_cast<std::size_t>(portal)] = {sm::kNoZone, smoother.add_zone({portal, kDoorLocation, sm::Role::portal_in, 0}),
                                                 smoother.add_zone({portal, kDoorLocation, sm::Role::portal_out, 0})};
    location_of_zone.push_back(kDoorLocation);
    location_of_zone.push_back(kDoorLocation);

    sim::NoiseSettings ns;
    ns.read_probability = level.read_probability;
    ns.cross_read_probability = level.cross_read;
    ns.cross_read_drop_db = level.cross_read_drop_db;
    ns.rssi_jitter_db = level.jitter_db;
    std::vector<sim::TagField> fields;
    std::vector<sim::Noise> noises;
    for (int r = 0; r < readers; ++r) {
        fields.emplace_back(static_cast<std::uint16_t>(r == portal ? 2 : L.antennas));
        noises.emplace_back(ns, run.noise_seed * 1000003 + static_cast<std::uint64_t>(r));
    }

    std::vector<TagRun> tags(scenario.initial.size());
    std::vector<std::string> epcs;
    for (std::size_t i = 0; i < tags.size(); ++i) {
        epcs.push_back(epc_of(static_cast<int>(i)));
        smoother.tag(epcs.back());  // ids follow the tag numbers
        // Each tag its own usual signal: distance and orientation differ.
        tags[i].rssi = static_cast<std::int16_t>(-500 - static_cast<int>((i * 37) % 100));
    }

    AccuracyResult res;
    std::vector<int> delays;
    std::vector<std::uint64_t> rounds_done(static_cast<std::size_t>(readers), 0);
    double seconds = 0, correct = 0, ambiguous = 0, ambiguous_on_shelf = 0, wrong = 0, missing = 0, stale = 0;
    std::vector<sm::TimePoint> last_observed(tags.size());

    auto apply = [&](const Step& st) {
        auto& t = tags[static_cast<std::size_t>(st.tag)];
        if (const char* tr = std::getenv("CT_ACC_TRACE"); tr && std::atoi(tr) == st.tag) {
            std::fprintf(stderr, "step at %lld truth %d reader %d antenna %d/%d\n", (long long)st.at_ms, static_cast<int>(st.truth), st.reader, st.antenna, st.antenna2);
        }
        const auto& epc = epcs[static_cast<std::size_t>(st.tag)];
        if (t.reader >= 0) fields[static_cast<std::size_t>(t.reader)].remove(epc);
        t.reader = -1;
        const bool was_door = t.truth == Truth::door;
        t.truth = st.truth;
        if (st.truth == Truth::shelf || st.truth == Truth::between || st.truth == Truth::door) {
            auto& f = fields[static_cast<std::size_t>(st.reader)];
            f.add(epc, static_cast<std::uint16_t>(st.antenna), t.rssi);
            if (st.truth == Truth::between) f.park(epc, static_cast<std::uint16_t>(st.antenna), static_cast<std::uint16_t>(st.antenna2));
            t.reader = st.reader;
        }
        if (st.truth == Truth::door && !was_door) t.visits.push_back({});
        if (st.ends_door_visit && !t.visits.empty()) {
            t.visits.back().expected = st.pass;
            t.visits.back().ended = true;
            t.visits.back().ended_ms = st.at_ms;
        }
        if (st.truth == Truth::out) t.have_last = false;
        if (st.truth != Truth::shelf && st.truth != Truth::between) return;
        Places p;
        p.at[0] = shelf_location(st.reader, st.antenna);
        p.n = 1;
        if (st.truth == Truth::between) p.at[p.n++] = shelf_location(st.reader, st.antenna2);
        t.places = p;
        if (t.have_last) {
            ++t.unmatched_changes;
            if (!p.overlaps(t.last_placed)) {
                if (t.pending) ++res.missed;  // moved again before the first move was seen
                ++res.true_moves;
                t.pending = true;
                t.move_ms = st.at_ms;
                t.dest_reader = st.reader;
                t.rounds_at_move = rounds_done[static_cast<std::size_t>(st.reader)];
            }
        }
        t.last_placed = p;
        t.have_last = true;
    };

    auto answer = [&](int tag) {
        const auto w = smoother.where(static_cast<sm::TagId>(tag));
        Places a;
        if (w.presence == sm::Presence::absent) return std::pair{a, false};
        a.at[a.n++] = location_of_zone[w.zone];
        if (w.presence == sm::Presence::ambiguous) a.at[a.n++] = location_of_zone[w.other];
        return std::pair{a, w.presence == sm::Presence::ambiguous};
    };

    auto on_events = [&](std::span<const sm::LocationEvent> events) {
        for (const auto& e : events) {
            auto& t = tags[e.tag];
            if (last_observed[e.tag] != sm::TimePoint{} && e.observed_at <= last_observed[e.tag]) ++res.events_out_of_order;
            last_observed[e.tag] = e.observed_at;
            if (const char* tr = std::getenv("CT_ACC_TRACE"); tr && std::atoi(tr) == static_cast<int>(e.tag)) {
                std::fprintf(stderr, "  event %s -> %lld other %lld at %lld truth %d %lld/%lld\n", sm::to_string(e.kind), (long long)location_of_zone[e.zone], (long long)(e.other != sm::kNoZone ? location_of_zone[e.other] : 0), (long long)((e.decided_at.time_since_epoch().count() / 1000000) % 100000000), static_cast<int>(t.truth), (long long)t.places.at[0], (long long)t.places.at[1]);
            }
            const auto loc = location_of_zone[e.zone];
            switch (e.kind) {
                case sm::EventKind::moved:
                case sm::EventKind::resolved: {
                    const bool placed_truth = t.truth == Truth::shelf || t.truth == Truth::between;
                    const bool right = placed_truth ? t.places.has(loc) : t.last_placed.has(loc);
                    if (e.kind == sm::EventKind::moved && t.unmatched_changes > 0 && right) {
                        --t.unmatched_changes;
                    } else if (!right || e.kind == sm::EventKind::moved) {
                        ++res.spurious;
                        if (std::getenv("CT_ACC_DEBUG")) std::fprintf(stderr, "spurious %s tag %u truth %d places %lld/%lld n%d -> %lld from %lld reads %d rate %.2f rssi %.1f other %d %.1f quiet %d\n", sm::to_string(e.kind), e.tag, static_cast<int>(t.truth), (long long)t.places.at[0], (long long)t.places.at[1], t.places.n, (long long)loc, (long long)(e.other != sm::kNoZone ? location_of_zone[e.other] : 0), e.evidence.reads, e.evidence.read_rate, e.evidence.rssi_dbm, e.evidence.other_reads, e.evidence.other_rssi_dbm, e.evidence.quiet_rounds);
                    }
                    break;
                }
                case sm::EventKind::ambiguous:
                    ++res.ambiguous_events;
                    if (std::getenv("CT_ACC_DEBUG")) std::fprintf(stderr, "ambiguous tag %u truth %d places %lld/%lld -> %lld + %lld reads %d rssi %.1f other %d %.1f\n", e.tag, static_cast<int>(t.truth), (long long)t.places.at[0], (long long)t.places.at[1], (long long)loc, (long long)location_of_zone[e.other], e.evidence.reads, e.evidence.rssi_dbm, e.evidence.other_reads, e.evidence.other_rssi_dbm);
                    break;
                case sm::EventKind::passed_out:
                case sm::EventKind::passed_in: {
                    // Judged against the newest door visit without a verdict, once the run is over.
                    DoorVisit* v = nullptr;
                    for (auto& d : t.visits) {
                        if (d.reported == 0) v = &d;
                    }
                    if (!v) {
                        ++res.false_passes;
                    } else {
                        v->reported = e.kind == sm::EventKind::passed_out ? 1 : -1;
                    }
                    break;
                }
                default: break;
            }
        }
    };

    const auto t0 = sm::TimePoint{} + std::chrono::hours(24 * 365 * 56);
    const std::int64_t tick_ms = run.portal_poll.count();
    const std::int64_t shelf_every = std::max<std::int64_t>(1, run.shelf_poll.count() / tick_ms);
    const std::int64_t end_ms = std::chrono::duration_cast<std::chrono::milliseconds>(run.duration).count();
    for (const auto& st : scenario.initial) {
        apply(st);
        // As the gateway starts: from where the database says each tag is, with its usual signal there.
        smoother.seed(static_cast<sm::TagId>(st.tag), zone_of[static_cast<std::size_t>(st.reader)][static_cast<std::size_t>(st.antenna)],
                      static_cast<float>(tags[static_cast<std::size_t>(st.tag)].rssi) / 10.0f);
    }
    std::size_t next = 0;
    std::vector<sm::Read> reads;
    for (std::int64_t tick = 0; tick * tick_ms < end_ms; ++tick) {
        const std::int64_t now_ms = tick * tick_ms;
        while (next < scenario.steps.size() && scenario.steps[next].at_ms <= now_ms) apply(scenario.steps[next++]);
        for (int r = 0; r < readers; ++r) {
            if (r != portal && (tick % shelf_every) != (r % shelf_every)) continue;
            const auto& f = fields[static_cast<std::size_t>(r)];
            reads.clear();
            for (const auto& rec : noises[static_cast<std::size_t>(r)].round(f.inventory(), f.antenna_count())) {
                reads.push_back({smoother.tag(rec.epc), zone_of[static_cast<std::size_t>(r)][rec.antenna], rec.rssi_decidbm,
                                 rec.read_count});
            }
            on_events(smoother.on_round(r, t0 + std::chrono::milliseconds(now_ms), reads));
            ++rounds_done[static_cast<std::size_t>(r)];
        }
        // Relocations being watched: seen once the answer names the new place.
        for (std::size_t i = 0; i < tags.size(); ++i) {
            auto& t = tags[i];
            if (!t.pending) continue;
            const auto cycles = static_cast<int>(rounds_done[static_cast<std::size_t>(t.dest_reader)] - t.rounds_at_move);
            const auto [a, amb] = answer(static_cast<int>(i));
            if (a.n > 0 && a.overlaps(t.places) && !(amb && !t.places.has(a.at[0]) && !t.places.has(a.at[1]))) {
                delays.push_back(cycles);
                ++res.detected;
                t.pending = false;
            } else if (cycles > kGiveUpCycles) {
                ++res.missed;
                t.pending = false;
            }
        }
        // Every second, every tag: is the answer true?
        if ((tick + 1) % shelf_every != 0) continue;
        for (std::size_t i = 0; i < tags.size(); ++i) {
            const auto& t = tags[i];
            if (t.truth == Truth::door || t.truth == Truth::transit) continue;
            const auto [a, amb] = answer(static_cast<int>(i));
            seconds += 1;
            if (t.truth == Truth::out) {
                (a.n == 0 ? correct : stale) += 1;
            } else if (a.n == 0) {
                missing += 1;
            } else if (a.overlaps(t.places)) {
                correct += 1;
                if (amb) ambiguous += 1;
                if (amb && t.places.n == 1) ambiguous_on_shelf += 1;
            } else {
                wrong += 1;
            }
        }
    }
    // What ended too close to the end of the run to be decided is not judged either way.
    const std::int64_t judge_until = end_ms - 10'000;
    for (const auto& t : tags) {
        if (t.pending) {
            if (t.move_ms < end_ms - kGiveUpCycles * run.shelf_poll.count()) {
                ++res.missed;
            } else {
                --res.true_moves;  // too close to the end to have been seen
            }
        }
        for (const auto& v : t.visits) {
            if (!v.ended || v.ended_ms > judge_until) continue;
            (v.expected != 0 ? res.passes : res.lingers) += 1;
            if (v.expected == 0) {
                if (v.reported != 0) ++res.false_passes;
            } else if (v.reported == v.expected) {
                ++res.passes_right;
            } else if (v.reported == 0) {
                ++res.passes_missed;
                if (std::getenv("CT_ACC_DEBUG")) std::fprintf(stderr, "missed pass tag %d expected %d\n", static_cast<int>(&t - tags.data()), v.expected);
            } else {
                ++res.passes_wrong;
            }
        }
    }
    res.scored_seconds = seconds;
    if (seconds > 0) {
        res.correct = correct / seconds;
        res.ambiguous = ambiguous / seconds;
        res.ambiguous_on_shelf = ambiguous_on_shelf / seconds;
        res.wrong = wrong / seconds;
        res.missing = missing / seconds;
        res.stale = stale / seconds;
    }
    res.spurious_per_move = res.true_moves ? static_cast<double>(res.spurious) / res.true_moves : 0;
    if (!delays.empty()) {
        std::sort(delays.begin(), delays.end());
        res.delay_median = delays[delays.size() / 2];
        res.delay_p95 = delays[std::min(delays.size() - 1, delays.size() * 95 / 100)];
    }
    res.portal_accuracy = res.passes ? static_cast<double>(res.passes_right) / res.passes : 0;
    return res;
}

}  // namespace casetrail::accuracy
