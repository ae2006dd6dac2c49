#include "gateway/tag_smoother.hpp"

#include <stdexcept>

namespace casetrail::gateway {

const char* to_string(EventKind kind) {
    switch (kind) {
        case EventKind::arrived: return "arrived";
        case EventKind::moved: return "moved";
        case EventKind::departed: return "departed";
    }
    return "unknown";
}

TagSmoother::TagSmoother(SmoothingOptions options) : opt_(options) {
    if (opt_.confirm_rounds < 1 || opt_.absent_rounds < 1) {
        throw std::invalid_argument("confirm_rounds and absent_rounds must be >= 1");
    }
}

void TagSmoother::place(const std::string& epc, State& st, const Zone& zone) {
    if (st.current && st.current->reader != zone.reader) placed_by_reader_[st.current->reader].erase(epc);
    st.current = zone;
    placed_by_reader_[zone.reader].insert(epc);
    st.missed = 0;
}

void TagSmoother::unplace(const std::string& epc, State& st) {
    if (st.current) placed_by_reader_[st.current->reader].erase(epc);
    st.current.reset();
    st.missed = 0;
}

void TagSmoother::set_candidate_reader(const std::string& epc, State& st, std::optional<Zone> zone) {
    if (st.candidate && (!zone || st.candidate->reader != zone->reader)) {
        candidates_by_reader_[st.candidate->reader].erase(epc);
    }
    if (zone) candidates_by_reader_[zone->reader].insert(epc);
    st.candidate = zone;
    if (!zone) st.candidate_rounds = 0;
}

void TagSmoother::seed(const std::string& epc, const Zone& zone, TimePoint seen_at) {
    auto& st = tags_[epc];
    place(epc, st, zone);
    st.last_seen = seen_at;
}

void TagSmoother::apply(EventKind kind, const std::string& epc, const Zone& zone, TimePoint at) {
    auto& st = tags_[epc];
    set_candidate_reader(epc, st, std::nullopt);
    if (kind == EventKind::departed) {
        unplace(epc, st);
        tags_.erase(epc);
        return;
    }
    place(epc, st, zone);
    st.last_seen = at;
}

std::vector<std::pair<std::string, Zone>> TagSmoother::placed() const {
    std::vector<std::pair<std::string, Zone>> out;
    for (const auto& [epc, st] : tags_) {
        if (st.current) out.emplace_back(epc, *st.current);
    }
    return out;
}

std::optional<Zone> TagSmoother::current(const std::string& epc) const {
    auto it = tags_.find(epc);
    if (it == tags_.end()) return std::nullopt;
    return it->second.current;
}

std::vector<LocationEvent> TagSmoother::on_round(int reader, TimePoint at, const std::vector<TagRead>& reads) {
    // The strongest read of each tag in this round, and every location that saw it.
    struct Seen {
        const TagRead* best = nullptr;
        std::unordered_set<std::int64_t> locations;
    };
    std::unordered_map<std::string, Seen> seen;
    seen.reserve(reads.size());
    for (const auto& r : reads) {
        auto& s = seen[r.epc];
        s.locations.insert(r.zone.location_id);
        if (!s.best || r.rssi_decidbm > s.best->rssi_decidbm ||
            (r.rssi_decidbm == s.best->rssi_decidbm && r.read_count > s.best->read_count)) {
            s.best = &r;
        }
    }

    std::vector<LocationEvent> events;
    for (const auto& [epc, s] : seen) {
        auto& st = tags_[epc];
        const TagRead& r = *s.best;
        const bool at_current = st.current && s.locations.count(st.current->location_id);
        if (at_current) {
            st.missed = 0;
            st.last_seen = at;
        }
        if (st.current && st.current->location_id == r.zone.location_id) {
            place(epc, st, r.zone);  // same place, perhaps another antenna of it
            set_candidate_reader(epc, st, std::nullopt);
            continue;
        }
        if (st.candidate && st.candidate->location_id == r.zone.location_id) {
            ++st.candidate_rounds;
            set_candidate_reader(epc, st, r.zone);
        } else {
            set_candidate_reader(epc, st, r.zone);
            st.candidate_rounds = 1;
            st.candidate_since = at;
        }
        if (st.current && !at_current && st.current->reader == reader) ++st.missed;
        if (st.candidate_rounds >= opt_.confirm_rounds) {
            LocationEvent e{st.current ? EventKind::moved : EventKind::arrived,
                            epc,
                            r.zone,
                            st.current ? std::optional<std::int64_t>(st.current->location_id) : std::nullopt,
                            st.candidate_since,
                            at,
                            st.candidate_rounds,
                            r.rssi_decidbm};
            events.push_back(std::move(e));
            place(epc, st, r.zone);
            st.last_seen = at;
            set_candidate_reader(epc, st, std::nullopt);
        }
    }

    // Tags placed at this reader that it did not see at all this round.
    std::vector<std::string> gone;
    for (const auto& epc : placed_by_reader_[reader]) {
        if (seen.count(epc)) continue;
        auto& st = tags_.at(epc);
        if (++st.missed >= opt_.absent_rounds) gone.push_back(epc);
    }
    for (const auto& epc : gone) {
        auto& st = tags_.at(epc);
        events.push_back({EventKind::departed, epc, *st.current, std::nullopt, st.last_seen, at, st.missed, 0});
        unplace(epc, st);
        if (!st.candidate) tags_.erase(epc);
    }
    // A candidate place this reader offered but did not confirm again starts over.
    std::vector<std::string> lapsed;
    for (const auto& epc : candidates_by_reader_[reader]) {
        if (!seen.count(epc)) lapsed.push_back(epc);
    }
    for (const auto& epc : lapsed) {
        auto& st = tags_.at(epc);
        set_candidate_reader(epc, st, std::nullopt);
        if (!st.current) tags_.erase(epc);
    }
    return events;
}

}  // namespace casetrail::gateway
