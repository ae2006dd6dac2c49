// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/smoothing/location_smoother.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "gateway/smoothing/read_window.hpp"

namespace casetrail::smoothing {

namespace {
constexpr TimePoint kNone{};
constexpr float kEwma = 0.25f;
}  // namespace

const char* to_string(EventKind kind) {
    switch (kind) {
        case EventKind::arrived: return "arrived";
        case EventKind::moved: return "moved";
        case EventKind::departed: return "departed";
        case EventKind::ambiguous: return "ambiguous";
        case EventKind::resolved: return "resolved";
        case EventKind::passed_out: return "passed_out";
        case EventKind::passed_in: return "passed_in";
    }
    return "unknown";
}

std::optional<EventKind> event_kind_from_string(std::string_view text) {
    for (auto k : {EventKind::arrived, EventKind::moved, EventKind::departed, EventKind::ambiguous, EventKind::resolved,
                   EventKind::passed_out, EventKind::passed_in}) {
        if (text == to_string(k)) return k;
    }
    return std::nullopt;
}

LocationSmoother::LocationSmoother(SmoothingOptions options) : options_(options) {
    if (auto error = validate(options_)) throw std::invalid_argument("smoothing." + *error);
    tables_ = {make_table(options_.shelf), make_table(options_.desk)};
}

ZoneId LocationSmoother::add_zone(const ZoneSpec& z) {
    if (z.reader < 0) throw std::invalid_argument("a zone's reader must be >= 0");
    if (is_portal(z.role) != (z.portal >= 0)) {
        throw std::invalid_argument("portal antennas, and only they, belong to a portal");
    }
    const auto id = static_cast<ZoneId>(zones_.size());
    if (is_portal(z.role)) {
        if (static_cast<std::size_t>(z.portal) >= portals_.size())
            portals_.resize(static_cast<std::size_t>(z.portal) + 1);
        auto& p = portals_[static_cast<std::size_t>(z.portal)];
        auto& side = z.role == Role::portal_in ? p.in : p.out;
        if (side != kNoZone) throw std::invalid_argument("a portal has one portal-in and one portal-out antenna");
        if (p.reader >= 0 && p.reader != z.reader) {
            throw std::invalid_argument("both antennas of a portal must be on one reader");
        }
        side = id;
        p.reader = z.reader;
    }
    zones_.push_back(z);
    const auto readers = static_cast<std::size_t>(z.reader) + 1;
    if (members_.size() < readers) members_.resize(readers);
    if (passes_.size() < readers) passes_.resize(readers);
    if (last_round_.size() < readers) last_round_.resize(readers, kNone);
    if (period_s_.size() < readers) period_s_.resize(readers, 1.0);
    return id;
}

TagId LocationSmoother::tag(std::string_view epc) {
    if (auto it = ids_.find(epc); it != ids_.end()) return it->second;
    if (!free_ids_.empty()) {
        const auto id = free_ids_.back();
        free_ids_.pop_back();
        epcs_[id] = epc;
        ids_.emplace(epcs_[id], id);
        return id;
    }
    const auto id = static_cast<TagId>(epcs_.size());
    epcs_.emplace_back(epc);
    ids_.emplace(epcs_.back(), id);
    tracks_.emplace_back();
    return id;
}

std::optional<TagId> LocationSmoother::find(std::string_view epc) const {
    if (auto it = ids_.find(epc); it != ids_.end()) return it->second;
    return std::nullopt;
}

bool LocationSmoother::idle(TagId tag) const {
    return tracks_.at(tag).state == Presence::absent && open_passes_.count(tag) == 0;
}

void LocationSmoother::forget(TagId tag) {
    auto& t = tracks_.at(tag);
    if (epcs_[tag].empty()) return;  // forgotten already
    while (t.n > 0) remove_candidate(t, t.n - 1);
    if (auto it = open_passes_.find(tag); it != open_passes_.end()) {
        auto& list = passes_[static_cast<std::size_t>(portals_[static_cast<std::size_t>(it->second.portal())].reader)];
        list.erase(std::find(list.begin(), list.end(), tag));
        open_passes_.erase(it);
    }
    ids_.erase(epcs_[tag]);
    std::string().swap(epcs_[tag]);  // its text freed, not only emptied
    t = Track{};
    free_ids_.push_back(tag);
}

std::size_t LocationSmoother::bytes_per_tag() const {
    // By layout: the track; the EPC kept twice (the list, and the id table's key: a string and its text
    // each); the id table's node (next pointer, cached hash, id) and bucket; a reader-list entry for each of
    // two candidate places on average.
    const std::size_t text = epcs_.empty() ? 0 : epcs_.front().capacity() + 1;
    const std::size_t epc = sizeof(std::string) + text;
    const std::size_t node = sizeof(void*) + sizeof(std::size_t) + sizeof(TagId) + sizeof(void*);
    return sizeof(Track) + 2 * epc + node + 2 * sizeof(Member);
}

// ---- candidates ------------------------------------------------------------------------------------

LocationSmoother::Stats LocationSmoother::stats(const Candidate& c) const {
    Stats s;
    s.quiet = rounds_since(c.seen, c.rounds);
    s.strong_quiet = rounds_since(c.strong, c.rounds);
    const int upto = c.rounds - s.quiet;  // rounds up to the newest read: a tag gone does not lower its rate
    s.reads = std::popcount(c.seen & low_bits(c.rounds));
    s.rate = read_rate(s.reads, upto);
    const auto& o = place_options(c);
    s.window = o.window_rounds > 0 ? o.window_rounds : table_of(c).window[index(s.reads, upto)];
    s.rounds = c.rounds;
    return s;
}

// Rounds without a strong read that the current place must show before a strong rival takes over.
int LocationSmoother::quiet_needed(const Candidate& c, const Stats& s) const {
    const auto& o = place_options(c);
    if (o.window_rounds > 0) return o.window_rounds;
    const int strong_reads = std::popcount(c.strong & low_bits(c.rounds));
    return std::min<int>(table_of(c).quiet[index(strong_reads, c.rounds - s.strong_quiet)], s.window);
}

// Every window the history can ask for, computed once: a round then costs no logarithm.
LocationSmoother::WindowTable LocationSmoother::make_table(const PlaceOptions& o) {
    WindowTable t;
    for (int reads = 0; reads <= 64; ++reads) {
        for (int rounds = reads; rounds <= 64; ++rounds) {
            const double p = cautious_read_rate(reads, rounds);
            t.window[index(reads, rounds)] =
                static_cast<std::uint8_t>(window_for(p, o.miss_tolerance, o.min_window, o.max_window));
            t.quiet[index(reads, rounds)] = static_cast<std::uint8_t>(window_for(p, o.quiet_tolerance, 1, 64));
        }
    }
    return t;
}

int LocationSmoother::add_candidate(Track& t, TagId tag, ZoneId zone) {
    if (t.n == kSlots) {
        // Full: the stalest place that is neither where the tag is nor its rival makes room.
        int victim = -1;
        for (int k = 0; k < kSlots; ++k) {
            if (k == t.cur || k == t.alt) continue;
            if (victim < 0 ||
                t.c[static_cast<std::size_t>(k)].last_seen < t.c[static_cast<std::size_t>(victim)].last_seen)
                victim = k;
        }
        remove_candidate(t, victim);
    }
    const int slot = t.n++;
    const auto& z = zones_[zone];
    auto& c = t.c[static_cast<std::size_t>(slot)];
    c = Candidate{};
    c.zone = zone;
    c.reader = z.reader;
    c.location = z.location_id;
    auto& list = members_[static_cast<std::size_t>(z.reader)];
    c.member = static_cast<std::uint32_t>(list.size());
    list.push_back({tag, static_cast<std::uint8_t>(slot)});
    return slot;
}

void LocationSmoother::remove_candidate(Track& t, int slot) {
    auto& gone = t.c[static_cast<std::size_t>(slot)];
    auto& list = members_[static_cast<std::size_t>(gone.reader)];
    // Swap-remove from the reader's list, then fill the slot with the last candidate.
    const auto pos = gone.member;
    list[pos] = list.back();
    list.pop_back();
    if (pos < list.size()) {
        const auto& moved = list[pos];
        tracks_[moved.tag].c[moved.slot].member = pos;
    }
    const int last = t.n - 1;
    if (slot != last) {
        auto& src = t.c[static_cast<std::size_t>(last)];
        gone = src;
        members_[static_cast<std::size_t>(gone.reader)][gone.member].slot = static_cast<std::uint8_t>(slot);
        if (t.cur == last) t.cur = static_cast<std::int8_t>(slot);
        if (t.alt == last) t.alt = static_cast<std::int8_t>(slot);
    }
    --t.n;
}

// One round of the candidate's reader: its read (pending since the reads were sorted in) or a miss.
void LocationSmoother::advance(Track& t, Candidate& c, TimePoint at) {
    c.seen <<= 1;
    c.strong <<= 1;
    if (c.rounds < 64) ++c.rounds;
    if (c.stamp != serial_) return;
    const float r = c.last_rssi;
    const bool first = c.first_seen == kNone;
    if (first) c.first_seen = at;
    c.rssi = first ? r : c.rssi + kEwma * (r - c.rssi);
    c.seen |= 1;
    c.last_seen = at;
    c.zone = c.pending_zone;
    const auto& o = place_options(c);
    // Placed: strong when near the usual signal. Not placed: any read counts, the strongest place wins.
    const bool placed_here =
        t.state != Presence::absent &&
        (&c == &t.c[static_cast<std::size_t>(t.cur)] || (t.alt >= 0 && &c == &t.c[static_cast<std::size_t>(t.alt)]));
    if (placed_here && !t.ref_known) {
        t.ref = r;
        t.ref_known = true;
    }
    const bool strong = t.state == Presence::absent ? true : (t.ref_known && r >= t.ref - o.strong_margin_db);
    if (!strong) return;
    c.strong |= 1;
    const bool running = c.last_strong != kNone && (c.streak != kNone || placed_here);
    c.strong_rssi = running ? c.strong_rssi + kEwma * (r - c.strong_rssi) : r;
    c.last_strong = at;
    if (placed_here) t.ref += kEwma * (r - t.ref);
}

// ---- rounds ----------------------------------------------------------------------------------------

std::span<const LocationEvent> LocationSmoother::on_round(int reader, TimePoint at, std::span<const Read> reads) {
    events_.clear();
    if (reader < 0 || static_cast<std::size_t>(reader) >= members_.size()) return events_;
    ++serial_;
    auto& last = last_round_[static_cast<std::size_t>(reader)];
    if (last != kNone && at > last) {
        const double gap = std::chrono::duration<double>(at - last).count();
        auto& period = period_s_[static_cast<std::size_t>(reader)];
        period += 0.2 * (std::min(gap, 60.0) - period);
    }
    last = at;
    for (const auto& r : reads) {
        if (r.zone >= zones_.size() || r.tag >= tracks_.size()) continue;
        const auto& z = zones_[r.zone];
        if (z.reader != reader) continue;  // a read is only ever in its own reader's round
        auto& t = tracks_[r.tag];
        const float dbm = static_cast<float>(r.rssi_decidbm) / 10.0f;
        if (is_portal(z.role)) {
            portal_read(r.tag, z, dbm, at);
            continue;
        }
        int slot = -1;
        for (int k = 0; k < t.n; ++k) {
            const auto& c = t.c[static_cast<std::size_t>(k)];
            if (c.location == z.location_id && c.reader == z.reader) slot = k;
        }
        if (slot < 0) slot = add_candidate(t, r.tag, r.zone);
        auto& c = t.c[static_cast<std::size_t>(slot)];
        if (c.stamp != serial_ || dbm > c.last_rssi) {  // several antennas over one place: the strongest
            c.last_rssi = dbm;
            c.pending_zone = r.zone;
        }
        c.stamp = serial_;
    }
    // Every candidate this reader covers moves one round on, read or missed; then each tag is decided once.
    to_decide_.clear();
    for (const auto& m : members_[static_cast<std::size_t>(reader)]) {
        auto& t = tracks_[m.tag];
        advance(t, t.c[m.slot], at);
        if (t.stamp != serial_) {
            t.stamp = serial_;
            to_decide_.push_back(m.tag);
        }
    }
    for (const auto tag : to_decide_) decide(tag, at);
    // Doorways of this reader that have gone quiet for a tag: decide its pass.
    auto& open = passes_[static_cast<std::size_t>(reader)];
    for (std::size_t i = 0; i < open.size();) {
        const TagId tag = open[i];
        auto& pass = open_passes_.at(tag);
        pass.round(pass.last() == at);
        const int portal = pass.portal();
        const auto first = pass.first(), last = pass.last();
        if (pass.gone(options_.portal, at)) {
            const auto d = pass.decide(options_.portal);
            open_passes_.erase(tag);
            open[i] = open.back();
            open.pop_back();
            finish_pass(tag, d, portal, first, last, at);
            continue;
        }
        if (const auto d = pass.early(options_.portal); d.verdict != PassVerdict::none) {
            // Decided; what the door still hears of it (the far side's tail) starts a new pass, judged
            // against this pass's peak so that the fading tail and its cross-reads make no second pass.
            pass = PortalPass(portal, at, options_.portal.margin_db, pass.peak());
            finish_pass(tag, d, portal, first, last, at);
        }
        ++i;
    }
    return events_;
}

LocationEvent& LocationSmoother::emit(EventKind kind, TagId tag, ZoneId zone, ZoneId other, TimePoint observed,
                                      TimePoint at) {
    // The store keeps each volume at its newest observation: an event dated before the tag's previous one
    // would be history that never takes effect. Evidence from before the last decision is dated after it.
    auto& t = tracks_[tag];
    if (t.last_event != kNone && observed <= t.last_event) observed = t.last_event + std::chrono::microseconds(1);
    t.last_event = observed;
    auto& e = events_.emplace_back();
    e.kind = kind;
    e.tag = tag;
    e.zone = zone;
    e.other = other;
    e.observed_at = observed;
    e.decided_at = at;
    return e;
}

Evidence LocationSmoother::evidence_of(const Candidate& c) const {
    const auto s = stats(c);
    Evidence ev;
    ev.reads = std::popcount(c.seen & low_bits(std::min(s.window, static_cast<int>(c.rounds))));
    ev.window = s.window;
    ev.read_rate = s.rate;
    ev.rssi_dbm = c.last_strong != kNone ? c.strong_rssi : c.rssi;
    return ev;
}

void LocationSmoother::place(Track& t, int slot, TimePoint at) {
    t.state = Presence::present;
    t.placed_at = at;
    t.cur = static_cast<std::int8_t>(slot);
    t.alt = -1;
    auto& c = t.c[static_cast<std::size_t>(slot)];
    t.ref = c.last_strong != kNone ? c.strong_rssi : c.rssi;
    t.ref_known = c.last_seen != kNone;
    t.contention = kNone;
    // Rivals start over against the new reference: their earlier reads were judged without it.
    for (int k = 0; k < t.n; ++k) {
        if (k != slot) t.c[static_cast<std::size_t>(k)].streak = kNone;
    }
    c.streak = kNone;
}

void LocationSmoother::unplace(Track& t) {
    // Gone from where it was: what the places around heard of it belongs to that stay and goes too.
    t.state = Presence::absent;
    t.cur = t.alt = -1;
    t.contention = kNone;
    if (t.ref_known) {
        t.had_ref = true;
        t.past_ref = t.ref;
    }
    t.ref_known = false;
    while (t.n > 0) remove_candidate(t, t.n - 1);
}

void LocationSmoother::decide(TagId tag, TimePoint at) {
    auto& t = tracks_[tag];
    // Places not heard for a whole window are dropped, unless the tag is (or may be) there.
    for (int k = t.n - 1; k >= 0; --k) {
        auto& c = t.c[static_cast<std::size_t>(k)];
        const auto s = stats(c);
        if (k != t.cur && k != t.alt && s.quiet >= s.window) {
            remove_candidate(t, k);
            continue;
        }
        // A run of strong reads starts with its first one and ends after a window without one.
        if (c.streak == kNone && (c.strong & 1) && c.last_strong > t.placed_at) c.streak = c.last_strong;
        if (c.streak != kNone && s.strong_quiet >= s.window) c.streak = kNone;
    }
    switch (t.state) {
        case Presence::absent: decide_absent(tag, t, at); break;
        case Presence::present: decide_present(tag, t, at); break;
        case Presence::ambiguous: decide_ambiguous(tag, t, at); break;
    }
}

// The place a tag not placed anywhere would arrive at: the strongest place hearing it, once it has enough
// reads there (a neighbour's cross-reads can come first; they must not win the race).
int LocationSmoother::arrival_candidate(const Track& t) const {
    int best = -1;
    for (int k = 0; k < t.n; ++k) {
        if (k == t.cur || k == t.alt) continue;
        const auto& c = t.c[static_cast<std::size_t>(k)];
        const auto s = stats(c);
        if (s.quiet >= s.window) continue;
        if (best < 0 || c.rssi > t.c[static_cast<std::size_t>(best)].rssi) best = k;
    }
    if (best < 0) return -1;
    const auto& b = t.c[static_cast<std::size_t>(best)];
    const int in_window = std::popcount(b.seen & low_bits(stats(b).window));
    // Far weaker than the tag was heard where it last stood: likely a neighbour's cross-read of a place not
    // heard yet. Such an arrival waits for twice the reads.
    const auto& o = place_options(b);
    const bool weak = t.had_ref && b.rssi < t.past_ref - o.strong_margin_db;
    return in_window >= o.arrive_reads * (weak ? 2 : 1) ? best : -1;
}

void LocationSmoother::decide_absent(TagId tag, Track& t, TimePoint at) {
    const int best = arrival_candidate(t);
    if (best < 0) {
        t.contention = kNone;
        return;
    }
    const auto& b = t.c[static_cast<std::size_t>(best)];
    const auto& o = place_options(b);
    // Another place hearing it about as well: wait, and after a while call it ambiguous.
    int rival = -1;
    for (int k = 0; k < t.n; ++k) {
        const auto& c = t.c[static_cast<std::size_t>(k)];
        if (k == best || c.location == b.location) continue;
        const auto s = stats(c);
        if (s.quiet < s.window && c.rssi >= b.rssi - o.strong_margin_db &&
            (rival < 0 || c.rssi > t.c[static_cast<std::size_t>(rival)].rssi))
            rival = k;
    }
    if (rival >= 0) {
        if (t.contention == kNone) t.contention = at;
        const auto& r = t.c[static_cast<std::size_t>(rival)];
        const auto rs = stats(r);
        if (at - t.contention >= o.ambiguous_after &&
            std::popcount(r.seen & low_bits(rs.window)) >= place_options(r).arrive_reads) {
            auto& e = emit(EventKind::ambiguous, tag, b.zone, r.zone, t.contention, at);
            e.evidence = evidence_of(b);
            const auto re = evidence_of(r);
            e.evidence.other_reads = re.reads;
            e.evidence.other_rssi_dbm = re.rssi_dbm;
            place(t, best, at);
            t.state = Presence::ambiguous;
            t.alt = static_cast<std::int8_t>(rival);
            t.ref = std::max(b.rssi, r.rssi);
        }
        return;
    }
    auto& e = emit(EventKind::arrived, tag, b.zone, kNoZone, b.first_seen, at);
    e.evidence = evidence_of(b);
    place(t, best, at);
}

void LocationSmoother::decide_present(TagId tag, Track& t, TimePoint at) {
    auto& cur = t.c[static_cast<std::size_t>(t.cur)];
    const auto s = stats(cur);
    const auto& o = place_options(cur);
    // A strong rival that the current place does not contest takes over once the current place has been
    // quiet long enough; one whose strong reads interleave with the current place's is contention.
    // "Just now": as long as a whole window of the place it is at, in time.
    const auto recent = std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::duration<double>(static_cast<double>(s.window) * std::max(round_seconds(cur), 0.05)));
    int mover = -1;
    for (int k = 0; k < t.n; ++k) {
        auto& c = t.c[static_cast<std::size_t>(k)];
        if (k == t.cur || c.streak == kNone || c.location == cur.location) continue;
        const bool back = c.location == t.left && at - t.left_at < recent;
        const bool contested = back || (cur.last_strong != kNone && cur.last_strong >= c.streak);
        if (contested) {
            if (at - c.streak >= o.ambiguous_after && s.strong_quiet < s.window) {
                auto& e = emit(EventKind::ambiguous, tag, cur.zone, c.zone, c.streak, at);
                e.evidence = evidence_of(cur);
                const auto ce = evidence_of(c);
                e.evidence.other_reads = ce.reads;
                e.evidence.other_rssi_dbm = ce.rssi_dbm;
                t.state = Presence::ambiguous;
                t.alt = static_cast<std::int8_t>(k);
                return;
            }
            if (s.strong_quiet < s.window) continue;  // contested: only a whole quiet window gives way
        } else {
            if (s.strong_quiet < quiet_needed(cur, s)) continue;
            // What the old place still hears (its weak reads) must be clearly weaker than the new place.
            if (s.quiet < s.window && s.quiet < s.strong_quiet && c.strong_rssi < cur.last_rssi + o.hysteresis_db)
                continue;
        }
        if (mover < 0 || c.strong_rssi > t.c[static_cast<std::size_t>(mover)].strong_rssi) mover = k;
    }
    if (mover >= 0) {
        auto& c = t.c[static_cast<std::size_t>(mover)];
        auto& e = emit(EventKind::moved, tag, c.zone, cur.zone, c.streak, at);
        e.evidence = evidence_of(c);
        e.evidence.other_reads = std::popcount(cur.seen & low_bits(s.window));
        e.evidence.other_rssi_dbm = cur.rssi;
        e.evidence.quiet_rounds = s.strong_quiet;
        t.left = cur.location;
        t.left_at = at;
        place(t, mover, at);
        return;
    }
    if (s.quiet < s.window) return;
    // Silent for a whole window: gone from here. Heard well enough elsewhere, that is a move.
    const int prev = t.cur;
    t.cur = -1;
    const int next = arrival_candidate(t);
    t.cur = static_cast<std::int8_t>(prev);
    if (next >= 0 && t.c[static_cast<std::size_t>(next)].location == cur.location) {
        // The same place, heard through another reader's antenna: still there.
        t.cur = static_cast<std::int8_t>(next);
        remove_candidate(t, prev);
        return;
    }
    if (next >= 0 && (t.c[static_cast<std::size_t>(next)].streak != kNone || !t.ref_known)) {
        // Only a place that hears it as strongly as its old place did: cross-reads do not carry a tag away.
        // (Seeded without its usual signal, nothing is strong yet; the silent window is the evidence.)
        auto& c = t.c[static_cast<std::size_t>(next)];
        // Dated by its strong run there, or by when it could first have been there: not by an old cross-read.
        const auto since = c.streak != kNone ? c.streak : std::max(c.first_seen, cur.last_seen);
        auto& e = emit(EventKind::moved, tag, c.zone, cur.zone, since, at);
        e.evidence = evidence_of(c);
        e.evidence.other_reads = 0;
        e.evidence.quiet_rounds = s.quiet;
        place(t, next, at);
        return;
    }
    auto& e = emit(EventKind::departed, tag, cur.zone, kNoZone, cur.last_seen, at);
    e.evidence = evidence_of(cur);
    e.evidence.quiet_rounds = s.quiet;
    unplace(t);
}

void LocationSmoother::decide_ambiguous(TagId tag, Track& t, TimePoint at) {
    auto& a = t.c[static_cast<std::size_t>(t.cur)];
    auto& b = t.c[static_cast<std::size_t>(t.alt)];
    const auto sa = stats(a), sb = stats(b);
    if (sa.quiet >= sa.window && sb.quiet >= sb.window) {
        auto& e = emit(EventKind::departed, tag, a.zone, kNoZone, std::max(a.last_seen, b.last_seen), at);
        e.evidence = evidence_of(a);
        e.evidence.quiet_rounds = std::min(sa.quiet, sb.quiet);
        unplace(t);
        return;
    }
    // One side silent for a whole window while the other is still heard strongly now: that side has it.
    const bool a_out = sa.strong_quiet >= sa.window, b_out = sb.strong_quiet >= sb.window;
    const bool a_now = sa.strong_quiet < quiet_needed(a, sa), b_now = sb.strong_quiet < quiet_needed(b, sb);
    if ((a_out && b_now) || (b_out && a_now)) {
        const int win = a_out ? t.alt : t.cur;
        const int lose = a_out ? t.cur : t.alt;
        auto& w = t.c[static_cast<std::size_t>(win)];
        auto& l = t.c[static_cast<std::size_t>(lose)];
        auto& e = emit(EventKind::resolved, tag, w.zone, l.zone, l.last_strong != kNone ? l.last_strong : at, at);
        e.evidence = evidence_of(w);
        e.evidence.other_reads = std::popcount(l.seen & low_bits(a_out ? sa.window : sb.window));
        e.evidence.other_rssi_dbm = l.rssi;
        e.evidence.quiet_rounds = a_out ? sa.strong_quiet : sb.strong_quiet;
        place(t, win, at);
        return;
    }
    // Both quiet long enough and a third place strong: the tag went there.
    if (sa.strong_quiet < quiet_needed(a, sa) || sb.strong_quiet < quiet_needed(b, sb)) return;
    int mover = -1;
    for (int k = 0; k < t.n; ++k) {
        const auto& c = t.c[static_cast<std::size_t>(k)];
        if (k == t.cur || k == t.alt || c.streak == kNone || c.location == a.location || c.location == b.location)
            continue;
        if (mover < 0 || c.strong_rssi > t.c[static_cast<std::size_t>(mover)].strong_rssi) mover = k;
    }
    if (mover < 0) return;
    auto& c = t.c[static_cast<std::size_t>(mover)];
    auto& e = emit(EventKind::moved, tag, c.zone, a.zone, c.streak, at);
    e.evidence = evidence_of(c);
    e.evidence.quiet_rounds = std::min(sa.strong_quiet, sb.strong_quiet);
    place(t, mover, at);
}

// ---- doorways --------------------------------------------------------------------------------------

void LocationSmoother::portal_read(TagId tag, const ZoneSpec& z, float rssi_dbm, TimePoint at) {
    auto it = open_passes_.find(tag);
    if (it != open_passes_.end() && it->second.portal() != z.portal) {
        // Seen at another door before this one went quiet: the first is decided now.
        const auto d = it->second.decide(options_.portal);
        const int portal = it->second.portal();
        const auto first = it->second.first(), last = it->second.last();
        auto& list = passes_[static_cast<std::size_t>(portals_[static_cast<std::size_t>(portal)].reader)];
        list.erase(std::find(list.begin(), list.end(), tag));
        open_passes_.erase(it);
        finish_pass(tag, d, portal, first, last, at);
        it = open_passes_.end();
    }
    if (it == open_passes_.end()) {
        it = open_passes_.emplace(tag, PortalPass(z.portal, at, options_.portal.margin_db)).first;
        passes_[static_cast<std::size_t>(z.reader)].push_back(tag);
    }
    it->second.add(z.role == Role::portal_out, rssi_dbm, at);
}

void LocationSmoother::finish_pass(TagId tag, const PassDecision& d, int portal, TimePoint first, TimePoint last,
                                   TimePoint at) {
    if (d.verdict == PassVerdict::none) return;
    auto& t = tracks_[tag];
    const auto& p = portals_[static_cast<std::size_t>(portal)];
    const bool out = d.verdict == PassVerdict::outward;
    auto& e =
        emit(out ? EventKind::passed_out : EventKind::passed_in, tag, out ? p.out : p.in, out ? p.in : p.out, last, at);
    e.evidence.pass = d;
    e.evidence.reads = d.inside.reads + d.outside.reads;
    // Out through the door, it is no longer where it was. Coming in, it was on no shelf inside before; a
    // place decided since the pass began (a late verdict) is where it has gone, and stays.
    if (t.state != Presence::absent && (out || t.placed_at < first)) unplace(t);
}

// ---- seeding ---------------------------------------------------------------------------------------

void LocationSmoother::seed(TagId tag, ZoneId zone, std::optional<float> usual_rssi_dbm) {
    auto& t = tracks_.at(tag);
    if (t.state != Presence::absent) unplace(t);
    if (zone >= zones_.size() || is_portal(zones_[zone].role)) return;
    place(t, add_candidate(t, tag, zone), kNone);
    if (usual_rssi_dbm) {
        t.ref = *usual_rssi_dbm;
        t.ref_known = true;
    }
}

void LocationSmoother::seed_ambiguous(TagId tag, ZoneId zone, ZoneId other, std::optional<float> usual_rssi_dbm) {
    seed(tag, zone, usual_rssi_dbm);
    auto& t = tracks_[tag];
    // Its second place no longer configured (or the same): it is where the first place says.
    if (t.state == Presence::absent || other >= zones_.size() || is_portal(zones_[other].role) ||
        zones_[other].location_id == zones_[zone].location_id) {
        return;
    }
    t.alt = static_cast<std::int8_t>(add_candidate(t, tag, other));
    t.state = Presence::ambiguous;
}

void LocationSmoother::apply(EventKind kind, TagId tag, ZoneId zone, ZoneId other,
                             std::optional<float> usual_rssi_dbm) {
    switch (kind) {
        case EventKind::arrived:
        case EventKind::moved:
        case EventKind::resolved: seed(tag, zone, usual_rssi_dbm); break;
        case EventKind::ambiguous: seed_ambiguous(tag, zone, other, usual_rssi_dbm); break;
        case EventKind::departed:
        case EventKind::passed_out:
        case EventKind::passed_in: {
            auto& t = tracks_.at(tag);
            if (t.state != Presence::absent) unplace(t);
            break;
        }
    }
}

Whereabouts LocationSmoother::where(TagId tag) const {
    const auto& t = tracks_.at(tag);
    Whereabouts w;
    w.presence = t.state;
    if (t.cur >= 0) w.zone = t.c[static_cast<std::size_t>(t.cur)].zone;
    if (t.alt >= 0) w.other = t.c[static_cast<std::size_t>(t.alt)].zone;
    return w;
}

}  // namespace casetrail::smoothing
