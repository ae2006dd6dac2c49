// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The smoothing core: inventory rounds of reads in, location events out. Pure: no network, no database,
// no clock of its own (each round carries its time), no allocation per read once warmed up.
//
// Per tag and place (a location as covered by one reader) it keeps 64 rounds of read history. Presence is
// decided over a window sized from the tag's own read rate there (read_window.hpp): a tag read rarely is
// not declared gone too early, one read every round is noticed gone quickly. Where a tag is, when several
// places hear it, is decided from the strength of the reads: a read within a margin of the tag's usual
// signal at its place is "strong", a cross-read from a neighbouring antenna is not. A move needs strong
// reads at the new place while the old place goes quiet; two places whose strong reads interleave are in
// contention, and contention that lasts makes the location ambiguous (both places named) instead of a
// stream of moves. Doorways are decided apart from places (portal_pass.hpp). docs/smoothing.md has the
// reasoning and the measured accuracy.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gateway/smoothing/portal_pass.hpp"
#include "gateway/smoothing/smoothing_options.hpp"

namespace casetrail::smoothing {

using TimePoint = std::chrono::system_clock::time_point;
using TagId = std::uint32_t;
using ZoneId = std::uint32_t;
inline constexpr ZoneId kNoZone = 0xFFFFFFFFu;

// One antenna as the core sees it: the reader whose rounds carry its reads, what it covers and its role.
// Antennas of one doorway share a `portal` number (one portal-in, one portal-out, on the same reader).
struct ZoneSpec {
    int reader = 0;
    std::int64_t location_id = 0;
    Role role = Role::shelf;
    int portal = -1;
};

struct Read {
    TagId tag = 0;
    ZoneId zone = 0;
    std::int16_t rssi_decidbm = 0;
    std::uint16_t read_count = 1;
};

enum class EventKind : std::uint8_t { arrived, moved, departed, ambiguous, resolved, passed_out, passed_in };
const char* to_string(EventKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view text);

// Why an event was decided, kept with it for audit.
struct Evidence {
    int reads = 0;         // reads at the event's place in its window
    int window = 0;        // that window, in rounds of the place's reader (adaptive or fixed)
    double read_rate = 0;  // the tag's estimated read rate there
    double rssi_dbm = 0;   // its signal there (strong reads)
    int other_reads = 0;   // moved: the old place; ambiguous and resolved: the rival place
    double other_rssi_dbm = 0;
    int quiet_rounds = 0;  // moved: rounds without a strong read at the old place; departed: silent rounds
    PassDecision pass;     // passed_out, passed_in
};

struct LocationEvent {
    EventKind kind = EventKind::arrived;
    TagId tag = 0;
    ZoneId zone = kNoZone;    // arrived, moved, resolved: the place now; departed: the place left;
                              // ambiguous: one of the two; passed_*: the side it left by
    ZoneId other = kNoZone;   // moved: the place left; ambiguous: the second place; resolved: the one ruled
                              // out; passed_*: the side it came from
    TimePoint observed_at{};  // when it happened: first strong read at the new place, last read at the old one
    TimePoint decided_at{};   // the round that decided it
    Evidence evidence;
};

enum class Presence : std::uint8_t { absent, present, ambiguous };

struct Whereabouts {
    Presence presence = Presence::absent;
    ZoneId zone = kNoZone;
    ZoneId other = kNoZone;  // ambiguous only
};

class LocationSmoother {
public:
    explicit LocationSmoother(SmoothingOptions options);  // throws std::invalid_argument (validate())

    // Every antenna, before the first round. Throws std::invalid_argument on a doorway with two antennas
    // on one side or its sides on two readers.
    ZoneId add_zone(const ZoneSpec& zone);
    const ZoneSpec& zone(ZoneId id) const { return zones_.at(id); }

    // The id of an EPC (interned on first use; the id of a forgotten tag may be given to it).
    TagId tag(std::string_view epc);
    std::optional<TagId> find(std::string_view epc) const;  // without interning
    const std::string& epc(TagId tag) const { return epcs_.at(tag); }
    // Between rounds: every trace of the tag goes (its places, an open pass at a door, its EPC), and its
    // id is free for another EPC. What a reader reports is kept until it is forgotten: the gateway
    // forgets tags bound to no volume beyond its cap per reader (unbound_tags.hpp).
    void forget(TagId tag);
    // Placed nowhere and at no door: forgetting it drops no decision the core would still make.
    bool idle(TagId tag) const;

    // One completed inventory round of `reader`: every read it reported. The events stay valid until the
    // next call.
    std::span<const LocationEvent> on_round(int reader, TimePoint at, std::span<const Read> reads);

    // Where the tag stands (known from the database or from recovered events) before rounds begin; makes
    // no event. `usual_rssi_dbm`, when known, is its signal there: without it, a read elsewhere cannot be
    // told from a cross-read until the tag has been heard here again, and a move shows only once this
    // place has been silent for a whole window. apply() takes one decided event (e.g. from the spool).
    void seed(TagId tag, ZoneId zone, std::optional<float> usual_rssi_dbm = std::nullopt);
    void seed_ambiguous(TagId tag, ZoneId zone, ZoneId other, std::optional<float> usual_rssi_dbm = std::nullopt);
    void apply(EventKind kind, TagId tag, ZoneId zone, ZoneId other,
               std::optional<float> usual_rssi_dbm = std::nullopt);

    Whereabouts where(TagId tag) const;  // a forgotten tag is absent
    std::size_t tracked_tags() const { return epcs_.size() - free_ids_.size(); }
    TagId tag_ids() const { return static_cast<TagId>(epcs_.size()); }  // ids 0..tag_ids()-1, some maybe free
    // Memory the core holds per tracked tag (state, id table, EPC text), for the benchmark.
    std::size_t bytes_per_tag() const;

private:
    static constexpr int kSlots = 4;

    struct Candidate {
        ZoneId zone = kNoZone;
        int reader = 0;
        std::int64_t location = 0;
        std::uint64_t seen = 0;    // bit 0: the newest round of `reader`
        std::uint64_t strong = 0;  // reads within the margin of the tag's usual signal
        std::uint16_t rounds = 0;  // rounds observed, up to 64
        std::uint64_t stamp = 0;   // the round whose read is pending
        std::uint32_t member = 0;  // index in members_[reader]
        float rssi = 0;            // mean of recent reads (exponential)
        float strong_rssi = 0;     // mean of recent strong reads
        float last_rssi = 0;       // the newest read (pending until the round is advanced)
        ZoneId pending_zone = kNoZone;
        TimePoint first_seen{}, last_seen{}, last_strong{};
        TimePoint streak{};  // first strong read of the current run of strong reads; epoch: none
    };

    struct Track {
        std::array<Candidate, kSlots> c;
        std::uint8_t n = 0;
        Presence state = Presence::absent;
        std::int8_t cur = -1, alt = -1;
        bool ref_known = false;
        float ref = 0;         // the tag's usual signal at its place
        bool had_ref = false;  // not placed: its usual signal where it was last, a hint against cross-reads
        float past_ref = 0;
        std::uint64_t stamp = 0;
        TimePoint placed_at{};   // when its current place (or pair) was decided
        TimePoint last_event{};  // observation time of its newest event: events of a tag never go back in time
        TimePoint contention{};  // not placed: since when two places have contended; epoch: none
        std::int64_t left = 0;   // the place it last moved away from, and when: going straight back there
        TimePoint left_at{};     // is treated as contention, so that a tag across two shelves cannot flap
    };

    struct Member {
        TagId tag;
        std::uint8_t slot;
    };

    struct Portal {
        ZoneId in = kNoZone, out = kNoZone;
        int reader = -1;
    };

    struct Stats {
        int reads = 0, rounds = 0, window = 0, quiet = 0, strong_quiet = 0;
        double rate = 0;
    };

    const PlaceOptions& place_options(const Candidate& c) const { return options_.place(zones_[c.zone].role); }

    // Adaptive windows by (reads, rounds observed) of a 64-round history: [reads * 65 + rounds].
    struct WindowTable {
        std::array<std::uint8_t, 65 * 65> window{};  // miss_tolerance
        std::array<std::uint8_t, 65 * 65> quiet{};   // quiet_tolerance
    };
    static std::size_t index(int reads, int rounds) {
        return static_cast<std::size_t>(reads) * 65 + static_cast<std::size_t>(rounds);
    }
    static WindowTable make_table(const PlaceOptions& o);
    const WindowTable& table_of(const Candidate& c) const { return tables_[zones_[c.zone].role == Role::desk ? 1 : 0]; }
    Stats stats(const Candidate& c) const;
    int quiet_needed(const Candidate& c, const Stats& s) const;

    int add_candidate(Track& t, TagId tag, ZoneId zone);
    void remove_candidate(Track& t, int slot);
    void advance(Track& t, Candidate& c, TimePoint at);
    void decide(TagId tag, TimePoint at);
    void decide_absent(TagId tag, Track& t, TimePoint at);
    void decide_present(TagId tag, Track& t, TimePoint at);
    void decide_ambiguous(TagId tag, Track& t, TimePoint at);
    int arrival_candidate(const Track& t) const;
    void place(Track& t, int slot, TimePoint at);
    void unplace(Track& t);
    void portal_read(TagId tag, const ZoneSpec& z, float rssi_dbm, TimePoint at);
    void finish_pass(TagId tag, const PassDecision& d, int portal, TimePoint first, TimePoint last, TimePoint at);
    LocationEvent& emit(EventKind kind, TagId tag, ZoneId zone, ZoneId other, TimePoint observed, TimePoint at);
    Evidence evidence_of(const Candidate& c) const;
    double round_seconds(const Candidate& c) const { return period_s_[static_cast<std::size_t>(c.reader)]; }

    SmoothingOptions options_;
    std::array<WindowTable, 2> tables_;  // shelf, desk
    std::vector<ZoneSpec> zones_;
    std::vector<Portal> portals_;
    std::vector<std::string> epcs_;  // "" for a forgotten tag
    std::vector<TagId> free_ids_;    // of forgotten tags, given out again first
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, TagId, Hash, std::equal_to<>> ids_;
    std::vector<Track> tracks_;
    std::vector<std::vector<Member>> members_;           // per reader: every candidate it covers
    std::vector<std::vector<TagId>> passes_;             // per reader: tags with an open pass at its doorway
    std::unordered_map<TagId, PortalPass> open_passes_;  // the few tags at a door just now
    std::vector<TimePoint> last_round_;                  // per reader
    std::vector<double> period_s_;                       // per reader: its poll period, measured
    std::vector<TagId> to_decide_;
    std::vector<LocationEvent> events_;
    std::uint64_t serial_ = 0;
};

}  // namespace casetrail::smoothing
