#pragma once
// The smoothing core: turns the tag reads of inventory rounds into location events. Pure: no network,
// no database, no clock of its own (each round carries its time).
//
// A tag's place changes only when it has been seen at the new place in `confirm_rounds` consecutive
// rounds, and it departs only after `absent_rounds` rounds of its reader without it, so that one
// dropped read (or one stray read) makes no event. When a round sees a tag on several antennas, the
// strongest read (RSSI, then read count) decides where it is in that round.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace casetrail::gateway {

using TimePoint = std::chrono::system_clock::time_point;

// Where a read was made: the reader (index in the gateway's list), the antenna and its location.
struct Zone {
    int reader = 0;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
};

struct TagRead {
    std::string epc;
    Zone zone;
    std::int16_t rssi_decidbm = 0;
    std::uint16_t read_count = 1;
};

enum class EventKind { arrived, moved, departed };
const char* to_string(EventKind kind);

struct LocationEvent {
    EventKind kind;
    std::string epc;
    Zone zone;  // arrived/moved: the new place; departed: the place left
    std::optional<std::int64_t> from_location_id;  // moved only
    TimePoint observed_at;  // first seen at the new place; for departed, last seen at the old one
    TimePoint decided_at;   // the round that confirmed it
    int rounds = 0;         // consecutive rounds seen (or missed) that decided it
    std::int16_t rssi_decidbm = 0;
};

struct SmoothingOptions {
    int confirm_rounds = 2;
    int absent_rounds = 3;
};

class TagSmoother {
public:
    explicit TagSmoother(SmoothingOptions options);

    // A tag known (from the database) to be at `zone` now; makes no event.
    void seed(const std::string& epc, const Zone& zone, TimePoint seen_at);

    // An event already decided (recovered from the spool at start): the tag is (or is no longer) there.
    void apply(EventKind kind, const std::string& epc, const Zone& zone, TimePoint at);

    // One completed inventory round of `reader`: every read it reported.
    std::vector<LocationEvent> on_round(int reader, TimePoint at, const std::vector<TagRead>& reads);

    std::size_t tracked_tags() const { return tags_.size(); }
    // Every placed tag and where it stands.
    std::vector<std::pair<std::string, Zone>> placed() const;
    // Where the tag stands now, if anywhere.
    std::optional<Zone> current(const std::string& epc) const;

private:
    struct State {
        std::optional<Zone> current;
        TimePoint last_seen{};
        int missed = 0;
        std::optional<Zone> candidate;
        int candidate_rounds = 0;
        TimePoint candidate_since{};
    };

    void place(const std::string& epc, State& st, const Zone& zone);
    void unplace(const std::string& epc, State& st);
    void set_candidate_reader(const std::string& epc, State& st, std::optional<Zone> zone);

    SmoothingOptions opt_;
    std::unordered_map<std::string, State> tags_;
    // Tags whose current place (or candidate) belongs to a reader: the only ones that reader's round can
    // make miss a read, so a round costs O(its reads + its tags), not O(all tags).
    std::unordered_map<int, std::unordered_set<std::string>> placed_by_reader_;
    std::unordered_map<int, std::unordered_set<std::string>> candidates_by_reader_;
};

}  // namespace casetrail::gateway
