// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

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

// One run: the simulated fields and their noise, the smoothing core, and the score, in virtual time.
class Harness {
public:
    Harness(const RunSettings& run, const Scenario& scenario, const NoiseLevel& level,
            const sm::SmoothingOptions& options);
    AccuracyResult play();

private:
    void add_zones();
    void add_fields(const NoiseLevel& level);
    void add_tags();
    void apply(const Step& st);                     // a scripted step: the truth changes, the field follows
    std::pair<Places, bool> answer(int tag) const;  // what the core says: where, and whether ambiguous
    void on_events(std::span<const sm::LocationEvent> events);
    void poll(std::int64_t tick, std::int64_t now_ms, std::int64_t shelf_every);
    void watch_relocations();  // a move is seen once the answer names the new place
    void score_second();       // every tag: is the answer true?
    void judge_what_remains(std::int64_t end_ms);
    AccuracyResult summary();

    const RunSettings& run_;
    const Scenario& scenario_;
    const Layout& layout_;
    const int readers_, portal_;
    sm::LocationSmoother smoother_;
    std::vector<std::vector<sm::ZoneId>> zone_of_;  // reader -> antenna -> zone
    std::vector<std::int64_t> location_of_zone_;
    std::vector<sim::TagField> fields_;
    std::vector<sim::Noise> noises_;
    std::vector<TagRun> tags_;
    std::vector<std::string> epcs_;
    std::vector<sm::TimePoint> last_observed_;
    std::vector<std::uint64_t> rounds_done_;
    std::vector<sm::Read> reads_;  // reused
    AccuracyResult res_;
    std::vector<int> delays_;
    double seconds_ = 0, correct_ = 0, ambiguous_ = 0, ambiguous_on_shelf_ = 0, wrong_ = 0, missing_ = 0, stale_ = 0;
};

Harness::Harness(const RunSettings& run, const Scenario& scenario, const NoiseLevel& level,
                 const sm::SmoothingOptions& options)
    : run_(run), scenario_(scenario), layout_(run.layout), readers_(run.layout.shelf_readers + 1),
      portal_(run.layout.portal_reader()), smoother_(options), zone_of_(static_cast<std::size_t>(readers_)),
      rounds_done_(static_cast<std::size_t>(readers_), 0) {
    add_zones();
    add_fields(level);
    add_tags();
}

void Harness::add_zones() {
    for (int r = 0; r < layout_.shelf_readers; ++r) {
        zone_of_[static_cast<std::size_t>(r)].push_back(sm::kNoZone);
        for (int a = 1; a <= layout_.antennas; ++a) {
            zone_of_[static_cast<std::size_t>(r)].push_back(
                smoother_.add_zone({r, shelf_location(r, a), sm::Role::shelf, -1}));
            location_of_zone_.push_back(shelf_location(r, a));
        }
    }
    zone_of_[static_cast<std::size_t>(portal_)] = {
        sm::kNoZone, smoother_.add_zone({portal_, kDoorLocation, sm::Role::portal_in, 0}),
        smoother_.add_zone({portal_, kDoorLocation, sm::Role::portal_out, 0})};
    location_of_zone_.push_back(kDoorLocation);
    location_of_zone_.push_back(kDoorLocation);
}

void Harness::add_fields(const NoiseLevel& level) {
    sim::NoiseSettings ns;
    ns.read_probability = level.read_probability;
    ns.cross_read_probability = level.cross_read;
    ns.cross_read_drop_db = level.cross_read_drop_db;
    ns.rssi_jitter_db = level.jitter_db;
    for (int r = 0; r < readers_; ++r) {
        fields_.emplace_back(static_cast<std::uint16_t>(r == portal_ ? 2 : layout_.antennas));
        noises_.emplace_back(ns, run_.noise_seed * 1000003 + static_cast<std::uint64_t>(r));
    }
}

void Harness::add_tags() {
    tags_.resize(scenario_.initial.size());
    last_observed_.resize(tags_.size());
    for (std::size_t i = 0; i < tags_.size(); ++i) {
        epcs_.push_back(epc_of(static_cast<int>(i)));
        smoother_.tag(epcs_.back());  // ids follow the tag numbers
        // Each tag its own usual signal: distance and orientation differ.
        tags_[i].rssi = static_cast<std::int16_t>(-500 - static_cast<int>((i * 37) % 100));
    }
}

void Harness::apply(const Step& st) {
    auto& t = tags_[static_cast<std::size_t>(st.tag)];
    if (const char* tr = std::getenv("CT_ACC_TRACE"); tr && std::atoi(tr) == st.tag) {
        std::fprintf(stderr, "step at %lld truth %d reader %d antenna %d/%d\n", (long long)st.at_ms,
                     static_cast<int>(st.truth), st.reader, st.antenna, st.antenna2);
    }
    const auto& epc = epcs_[static_cast<std::size_t>(st.tag)];
    if (t.reader >= 0) fields_[static_cast<std::size_t>(t.reader)].remove(epc);
    t.reader = -1;
    const bool was_door = t.truth == Truth::door;
    t.truth = st.truth;
    if (st.truth == Truth::shelf || st.truth == Truth::between || st.truth == Truth::door) {
        auto& f = fields_[static_cast<std::size_t>(st.reader)];
        f.add(epc, static_cast<std::uint16_t>(st.antenna), t.rssi);
        if (st.truth == Truth::between)
            f.park(epc, static_cast<std::uint16_t>(st.antenna), static_cast<std::uint16_t>(st.antenna2));
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
            if (t.pending) ++res_.missed;  // moved again before the first move was seen
            ++res_.true_moves;
            t.pending = true;
            t.move_ms = st.at_ms;
            t.dest_reader = st.reader;
            t.rounds_at_move = rounds_done_[static_cast<std::size_t>(st.reader)];
        }
    }
    t.last_placed = p;
    t.have_last = true;
}

std::pair<Places, bool> Harness::answer(int tag) const {
    const auto w = smoother_.where(static_cast<sm::TagId>(tag));
    Places a;
    if (w.presence == sm::Presence::absent) return std::pair{a, false};
    a.at[a.n++] = location_of_zone_[w.zone];
    if (w.presence == sm::Presence::ambiguous) a.at[a.n++] = location_of_zone_[w.other];
    return std::pair{a, w.presence == sm::Presence::ambiguous};
}

void Harness::on_events(std::span<const sm::LocationEvent> events) {
    for (const auto& e : events) {
        auto& t = tags_[e.tag];
        if (last_observed_[e.tag] != sm::TimePoint{} && e.observed_at <= last_observed_[e.tag])
            ++res_.events_out_of_order;
        last_observed_[e.tag] = e.observed_at;
        if (const char* tr = std::getenv("CT_ACC_TRACE"); tr && std::atoi(tr) == static_cast<int>(e.tag)) {
            std::fprintf(stderr, "  event %s -> %lld other %lld at %lld truth %d %lld/%lld\n", sm::to_string(e.kind),
                         (long long)location_of_zone_[e.zone],
                         (long long)(e.other != sm::kNoZone ? location_of_zone_[e.other] : 0),
                         (long long)((e.decided_at.time_since_epoch().count() / 1000000) % 100000000),
                         static_cast<int>(t.truth), (long long)t.places.at[0], (long long)t.places.at[1]);
        }
        const auto loc = location_of_zone_[e.zone];
        switch (e.kind) {
            case sm::EventKind::moved:
            case sm::EventKind::resolved: {
                const bool placed_truth = t.truth == Truth::shelf || t.truth == Truth::between;
                const bool right = placed_truth ? t.places.has(loc) : t.last_placed.has(loc);
                if (e.kind == sm::EventKind::moved && t.unmatched_changes > 0 && right) {
                    --t.unmatched_changes;
                } else if (!right || e.kind == sm::EventKind::moved) {
                    ++res_.spurious;
                    if (std::getenv("CT_ACC_DEBUG"))
                        std::fprintf(
                            stderr,
                            "spurious %s tag %u truth %d places %lld/%lld n%d -> %lld from %lld reads_ %d rate %.2f rssi %.1f other %d %.1f quiet %d\n",
                            sm::to_string(e.kind), e.tag, static_cast<int>(t.truth), (long long)t.places.at[0],
                            (long long)t.places.at[1], t.places.n, (long long)loc,
                            (long long)(e.other != sm::kNoZone ? location_of_zone_[e.other] : 0), e.evidence.reads,
                            e.evidence.read_rate, e.evidence.rssi_dbm, e.evidence.other_reads,
                            e.evidence.other_rssi_dbm, e.evidence.quiet_rounds);
                }
                break;
            }
            case sm::EventKind::ambiguous:
                ++res_.ambiguous_events;
                if (std::getenv("CT_ACC_DEBUG"))
                    std::fprintf(
                        stderr,
                        "ambiguous_ tag %u truth %d places %lld/%lld -> %lld + %lld reads_ %d rssi %.1f other %d %.1f\n",
                        e.tag, static_cast<int>(t.truth), (long long)t.places.at[0], (long long)t.places.at[1],
                        (long long)loc, (long long)location_of_zone_[e.other], e.evidence.reads, e.evidence.rssi_dbm,
                        e.evidence.other_reads, e.evidence.other_rssi_dbm);
                break;
            case sm::EventKind::passed_out:
            case sm::EventKind::passed_in: {
                // Judged against the newest door visit without a verdict, once the run_ is over.
                DoorVisit* v = nullptr;
                for (auto& d : t.visits) {
                    if (d.reported == 0) v = &d;
                }
                if (!v) {
                    ++res_.false_passes;
                } else {
                    v->reported = e.kind == sm::EventKind::passed_out ? 1 : -1;
                }
                break;
            }
            default: break;
        }
    }
}

void Harness::poll(std::int64_t tick, std::int64_t now_ms, std::int64_t shelf_every) {
    const auto t0 = sm::TimePoint{} + std::chrono::hours(24 * 365 * 56);
    for (int r = 0; r < readers_; ++r) {
        if (r != portal_ && (tick % shelf_every) != (r % shelf_every)) continue;
        const auto& f = fields_[static_cast<std::size_t>(r)];
        reads_.clear();
        for (const auto& rec : noises_[static_cast<std::size_t>(r)].round(f.inventory(), f.antenna_count())) {
            reads_.push_back({smoother_.tag(rec.epc), zone_of_[static_cast<std::size_t>(r)][rec.antenna],
                              rec.rssi_decidbm, rec.read_count});
        }
        on_events(smoother_.on_round(r, t0 + std::chrono::milliseconds(now_ms), reads_));
        ++rounds_done_[static_cast<std::size_t>(r)];
    }
}

void Harness::watch_relocations() {
    for (std::size_t i = 0; i < tags_.size(); ++i) {
        auto& t = tags_[i];
        if (!t.pending) continue;
        const auto cycles = static_cast<int>(rounds_done_[static_cast<std::size_t>(t.dest_reader)] - t.rounds_at_move);
        const auto [a, amb] = answer(static_cast<int>(i));
        if (a.n > 0 && a.overlaps(t.places) && !(amb && !t.places.has(a.at[0]) && !t.places.has(a.at[1]))) {
            delays_.push_back(cycles);
            ++res_.detected;
            t.pending = false;
        } else if (cycles > kGiveUpCycles) {
            ++res_.missed;
            t.pending = false;
        }
    }
}

void Harness::score_second() {
    for (std::size_t i = 0; i < tags_.size(); ++i) {
        const auto& t = tags_[i];
        if (t.truth == Truth::door || t.truth == Truth::transit) continue;
        const auto [a, amb] = answer(static_cast<int>(i));
        seconds_ += 1;
        if (t.truth == Truth::out) {
            (a.n == 0 ? correct_ : stale_) += 1;
        } else if (a.n == 0) {
            missing_ += 1;
        } else if (a.overlaps(t.places)) {
            correct_ += 1;
            if (amb) ambiguous_ += 1;
            if (amb && t.places.n == 1) ambiguous_on_shelf_ += 1;
        } else {
            wrong_ += 1;
        }
    }
}

// What ended too close to the end of the run to be decided is not judged either way.
void Harness::judge_what_remains(std::int64_t end_ms) {
    const std::int64_t judge_until = end_ms - 10'000;
    for (const auto& t : tags_) {
        if (t.pending) {
            if (t.move_ms < end_ms - kGiveUpCycles * run_.shelf_poll.count()) {
                ++res_.missed;
            } else {
                --res_.true_moves;  // too close to the end to have been seen
            }
        }
        for (const auto& v : t.visits) {
            if (!v.ended || v.ended_ms > judge_until) continue;
            (v.expected != 0 ? res_.passes : res_.lingers) += 1;
            if (v.expected == 0) {
                if (v.reported != 0) ++res_.false_passes;
            } else if (v.reported == v.expected) {
                ++res_.passes_right;
            } else if (v.reported == 0) {
                ++res_.passes_missed;
                if (std::getenv("CT_ACC_DEBUG"))
                    std::fprintf(stderr, "missed pass tag %d expected %d\n", static_cast<int>(&t - tags_.data()),
                                 v.expected);
            } else {
                ++res_.passes_wrong;
            }
        }
    }
}

AccuracyResult Harness::summary() {
    res_.scored_seconds = seconds_;
    if (seconds_ > 0) {
        res_.correct = correct_ / seconds_;
        res_.ambiguous = ambiguous_ / seconds_;
        res_.ambiguous_on_shelf = ambiguous_on_shelf_ / seconds_;
        res_.wrong = wrong_ / seconds_;
        res_.missing = missing_ / seconds_;
        res_.stale = stale_ / seconds_;
    }
    res_.spurious_per_move = res_.true_moves ? static_cast<double>(res_.spurious) / res_.true_moves : 0;
    if (!delays_.empty()) {
        std::sort(delays_.begin(), delays_.end());
        res_.delay_median = delays_[delays_.size() / 2];
        res_.delay_p95 = delays_[std::min(delays_.size() - 1, delays_.size() * 95 / 100)];
    }
    res_.portal_accuracy = res_.passes ? static_cast<double>(res_.passes_right) / res_.passes : 0;
    return res_;
}

AccuracyResult Harness::play() {
    const std::int64_t tick_ms = run_.portal_poll.count();
    const std::int64_t shelf_every = std::max<std::int64_t>(1, run_.shelf_poll.count() / tick_ms);
    const std::int64_t end_ms = std::chrono::duration_cast<std::chrono::milliseconds>(run_.duration).count();
    for (const auto& st : scenario_.initial) {
        apply(st);
        // As the gateway starts: from where the database says each tag is, with its usual signal there.
        smoother_.seed(static_cast<sm::TagId>(st.tag),
                       zone_of_[static_cast<std::size_t>(st.reader)][static_cast<std::size_t>(st.antenna)],
                       static_cast<float>(tags_[static_cast<std::size_t>(st.tag)].rssi) / 10.0f);
    }
    std::size_t next = 0;
    for (std::int64_t tick = 0; tick * tick_ms < end_ms; ++tick) {
        const std::int64_t now_ms = tick * tick_ms;
        while (next < scenario_.steps.size() && scenario_.steps[next].at_ms <= now_ms) apply(scenario_.steps[next++]);
        poll(tick, now_ms, shelf_every);
        watch_relocations();
        if ((tick + 1) % shelf_every == 0) score_second();
    }
    judge_what_remains(end_ms);
    return summary();
}

}  // namespace

AccuracyResult run_accuracy(const RunSettings& run, const Scenario& scenario, const NoiseLevel& level,
                            const sm::SmoothingOptions& options) {
    return Harness(run, scenario, level, options).play();
}

}  // namespace casetrail::accuracy
