// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The gateway's guard against a reader (or an impostor on its address) that reports endless fresh EPCs:
// the tags bound to no volume that each reader brings into the smoothing core are capped, and their
// events rate-limited, per reader. Tags bound to a volume are never counted here: never refused, never
// evicted, never limited. Pure: the caller says which tags are bound, which round it is, and which tags
// the core could forget without losing a decision.
//
// Eviction is a segmented LRU. A tag heard in one round only waits on probation; heard again in a later
// round, it is protected (at most four fifths of the cap; beyond that the least recently heard goes
// back to probation). Room for a newcomer is made at probation's least recently heard end first, then
// at protected's; never by a tag heard in this very round, nor by one the core has placed or is
// following through a door (it moves to the front instead, a few at most per newcomer). With no room,
// the newcomer is refused. A flood of fresh EPCs thus churns probation, while the stray tags a shelf
// really holds, heard round after round, stay.
//
// The rate: a token bucket per reader, `events_per_minute` tokens a minute and as many in hand. An
// event of an unbound tag takes a token, or is dropped. The departure (or pass) of a tag whose place was
// written always goes, owing its token if need be, so that neither the trail nor the gateway's local
// state keeps an unbound tag where it has gone; so at most twice the rate in rows, and the rate over time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace casetrail::smoothing {

using TagId = std::uint32_t;

struct UnboundTagLimits {
    std::size_t max_tracked = 1000;  // per reader: distinct unbound tags it may bring into the core
    double events_per_minute = 300;  // per reader: events of unbound tags written; 0: none
};

// A message naming the first field out of range ("max_tracked: ..."), or nothing.
std::optional<std::string> validate(const UnboundTagLimits& limits);

// Counted since the start, per reader.
struct UnboundTagStats {
    std::size_t tracked = 0;
    std::uint64_t refused = 0;         // newcomers turned away: no room
    std::uint64_t evicted = 0;         // tags forgotten to make room
    std::uint64_t churned = 0;         // ...of which heard within the last minute: a flood, not housekeeping
    std::uint64_t events_dropped = 0;  // over the rate
};

class UnboundTags {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    using Idle = std::function<bool(TagId)>;

    UnboundTags(std::size_t readers, UnboundTagLimits limits);  // throws std::invalid_argument (validate())

    const UnboundTagLimits& limits() const { return limits_; }
    UnboundTagStats stats(int reader) const;  // `tracked` counted from the lists, not kept beside them

    bool tracks(TagId tag) const { return tag < entries_.size() && entries_[tag].reader >= 0; }
    // Its place (arrived, moved...) is in the trail: the last such event was written.
    bool place_written(TagId tag) const { return tracks(tag) && entries_[tag].written; }

    // A tracked tag heard in `round` (a number that grows with every round of any reader) at `at`.
    void heard(TagId tag, std::uint64_t round, TimePoint at);

    // Room for one more tag of `reader`: granted (maybe by evicting a tag, gone from here, that the
    // caller must forget in the core), or refused. `idle` says whether the core could forget a tag.
    struct Room {
        bool granted = false;
        std::optional<TagId> evicted;
    };
    Room make_room(int reader, std::uint64_t round, TimePoint at, const Idle& idle);
    // A newcomer of `reader`, after make_room() granted it.
    void add(int reader, TagId tag, std::uint64_t round, TimePoint at);
    // A tag the core already held at start (the local state, the spool): protected, and, when placed,
    // with its place written. May exceed the cap; later newcomers make room.
    void adopt(int reader, TagId tag, bool placed);
    // The tag is bound now (or forgotten): no longer counted.
    void release(TagId tag);

    // Whether an event about tracked `tag`, decided at `reader`'s antenna at `at`, is written. `leaves`:
    // a departure or a pass through a door; otherwise it places the tag (arrived, moved, ambiguous,
    // resolved).
    bool admit_event(int reader, TagId tag, bool leaves, TimePoint at);

private:
    static constexpr TagId kNil = 0xFFFFFFFFu;
    enum class Segment : std::uint8_t { probation, protect };

    struct Entry {
        std::int32_t reader = -1;  // -1: not tracked
        Segment segment = Segment::probation;
        bool written = false;  // its place is in the trail: its departure is owed
        std::uint64_t round = 0;
        TimePoint heard_at{};
        TagId prev = kNil, next = kNil;  // towards the front (most recently heard), towards the back
    };
    struct List {
        TagId front = kNil, back = kNil;
        std::size_t size = 0;
    };
    struct Bucket {
        double tokens = 0;
        TimePoint last{};
        bool started = false;
    };
    struct Lists {
        List probation, protect;
    };

    List& list_of(const Entry& e) {
        auto& l = lists_[static_cast<std::size_t>(e.reader)];
        return e.segment == Segment::probation ? l.probation : l.protect;
    }
    void link_front(List& list, TagId tag);
    void unlink(List& list, TagId tag);
    void protect(TagId tag);
    std::optional<TagId> victim(List& list, std::uint64_t round, const Idle& idle);
    Entry& entry(TagId tag);

    UnboundTagLimits limits_;
    std::size_t protect_cap_;
    std::vector<Entry> entries_;  // by tag id
    std::vector<Lists> lists_;    // by reader
    std::vector<Bucket> buckets_;
    std::size_t tracked(std::size_t reader) const;
    std::vector<UnboundTagStats> stats_;  // `tracked` unused here: stats() counts it
};

}  // namespace casetrail::smoothing
