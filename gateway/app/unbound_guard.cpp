// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/unbound_guard.hpp"

#include <cmath>

namespace casetrail::gateway {

using smoothing::TagId;

namespace {
bool leaves(smoothing::EventKind kind) {
    using smoothing::EventKind;
    return kind == EventKind::departed || kind == EventKind::passed_out || kind == EventKind::passed_in;
}
}  // namespace

UnboundGuard::UnboundGuard(smoothing::LocationSmoother& core, std::size_t readers, smoothing::UnboundTagLimits limits)
    : core_(core), limiter_(readers, limits), idle_([this](TagId tag) { return core_.idle(tag); }), before_(readers) {}

void UnboundGuard::learn_bindings(const std::vector<std::string>& epcs, bool full) {
    if (full) {
        bound_.replace(epcs);
        sort_out_core_tags();
        return;
    }
    for (const auto& epc : epcs) {
        bound_.add(epc);
        if (const auto tag = core_.find(epc)) now_bound(*tag);
    }
}

void UnboundGuard::now_bound(TagId tag) {
    if (!limiter_.tracks(tag)) return;
    const bool unwritten_place = !core_.idle(tag) && !limiter_.place_written(tag);
    limiter_.release(tag);
    if (unwritten_place) core_.forget(tag);
}

// Every tag the core holds, against what is bound now: a bound one is not counted; an unbound one not
// counted yet (seeded from the local state, replayed from the spool, or bound until now) is counted for
// the reader of the place it is at, or forgotten when it is at none.
void UnboundGuard::sort_out_core_tags() {
    for (TagId tag = 0; tag < core_.tag_ids(); ++tag) {
        const auto& epc = core_.epc(tag);
        if (epc.empty()) continue;  // a free id
        if (bound_.contains(epc)) {
            now_bound(tag);
            continue;
        }
        if (limiter_.tracks(tag)) continue;
        const auto w = core_.where(tag);
        if (w.presence == smoothing::Presence::absent) {
            if (core_.idle(tag)) core_.forget(tag);
            continue;
        }
        limiter_.adopt(core_.zone(w.zone).reader, tag, true);
    }
}

TagId UnboundGuard::admit(int reader, const std::string& epc, TimePoint at, bool& refused) {
    refused = false;
    if (const auto tag = core_.find(epc)) return *tag;  // one EPC heard on two antennas: taken in once
    if (bound_.contains(epc)) return core_.tag(epc);
    const auto room = limiter_.make_room(reader, round_, at, idle_);
    if (!room.granted) {
        refused = true;
        return 0;
    }
    if (room.evicted) core_.forget(*room.evicted);
    const auto tag = core_.tag(epc);
    limiter_.add(reader, tag, round_, at);
    return tag;
}

void UnboundGuard::take_round(int reader, TimePoint at, const std::vector<Heard>& heard,
                              std::vector<smoothing::Read>& out) {
    out.clear();
    ++round_;
    before_.at(static_cast<std::size_t>(reader)) = limiter_.stats(reader);
    if (!bound_.known()) {
        for (const auto& h : heard) out.push_back({core_.tag(*h.epc), h.zone, h.rssi_decidbm, h.read_count});
        return;
    }
    fresh_.clear();
    for (std::size_t i = 0; i < heard.size(); ++i) {
        const auto& h = heard[i];
        if (const auto tag = core_.find(*h.epc)) {
            limiter_.heard(*tag, round_, at);
            out.push_back({*tag, h.zone, h.rssi_decidbm, h.read_count});
        } else {
            fresh_.push_back(i);
        }
    }
    for (const auto i : fresh_) {
        const auto& h = heard[i];
        bool refused = false;
        const auto tag = admit(reader, *h.epc, at, refused);
        if (!refused) out.push_back({tag, h.zone, h.rssi_decidbm, h.read_count});
    }
}

bool UnboundGuard::keep(const smoothing::LocationEvent& e, TimePoint at) {
    if (!limiter_.tracks(e.tag) || e.zone == smoothing::kNoZone) return true;
    return limiter_.admit_event(core_.zone(e.zone).reader, e.tag, leaves(e.kind), at);
}

std::string UnboundGuard::flood_of_round(int reader) const {
    const auto& now = limiter_.stats(reader);
    const auto& was = before_.at(static_cast<std::size_t>(reader));
    const auto refused = now.refused - was.refused, churned = now.churned - was.churned,
               dropped = now.events_dropped - was.events_dropped;
    if (refused == 0 && churned == 0 && dropped == 0) return {};
    const auto& l = limiter_.limits();
    return "unbound EPCs " + std::to_string(refused) + " refused and " + std::to_string(churned) +
           " evicted (at most " + std::to_string(l.max_tracked) + " tracked), " + std::to_string(dropped) +
           " of their events dropped (at most " + std::to_string(std::lround(l.events_per_minute)) + " a minute)";
}

}  // namespace casetrail::gateway
