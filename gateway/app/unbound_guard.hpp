// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Which reads of a round the smoothing core takes in, and which of its events are written, under the
// per-reader limits on tags bound to no volume (gateway/smoothing/unbound_tags.hpp). Which EPCs are
// bound, the database says (bound_epcs.hpp, binding_refresh.hpp). Before it has said anything (no
// database and no cache at start), every EPC is taken as bound: nothing is limited, so that no dossier's
// event is lost on a guess. On the event loop only.

#include <cstdint>
#include <string>
#include <vector>

#include "gateway/app/bound_epcs.hpp"
#include "gateway/smoothing/location_smoother.hpp"
#include "gateway/smoothing/unbound_tags.hpp"

namespace casetrail::gateway {

class UnboundGuard {
public:
    using TimePoint = smoothing::TimePoint;

    UnboundGuard(smoothing::LocationSmoother& core, std::size_t readers, smoothing::UnboundTagLimits limits);

    // What the database says is bound: every such EPC (`full`: the core's tags are sorted out again, the
    // unbound ones counted for the reader of their place, or forgotten when at none), or those bound
    // since (no longer counted). A tag bound now that the core had placed while the limits kept its
    // place out of the trail is forgotten: at its next read it comes in again, bound, and arrives with
    // its volume.
    void learn_bindings(const std::vector<std::string>& epcs, bool full);

    // A read of the round, its antenna already known as a zone of the core.
    struct Heard {
        const std::string* epc = nullptr;
        smoothing::ZoneId zone = 0;
        std::int16_t rssi_decidbm = 0;
        std::uint16_t read_count = 1;
    };
    // One round of `reader`: the reads the core takes in, into `out`. The tags the core already holds
    // first, so that no newcomer can push out a tag heard in this very round.
    void take_round(int reader, TimePoint at, const std::vector<Heard>& heard, std::vector<smoothing::Read>& out);
    // Whether an event the core decided in this round is written.
    bool keep(const smoothing::LocationEvent& event, TimePoint at);
    // After the round's events: what the round says of a flood at `reader`; empty when nothing.
    std::string flood_of_round(int reader) const;

    const smoothing::UnboundTags& limiter() const { return limiter_; }
    const BoundEpcs& bound() const { return bound_; }

private:
    smoothing::TagId admit(int reader, const std::string& epc, TimePoint at, bool& refused);
    void sort_out_core_tags();
    void now_bound(smoothing::TagId tag);

    smoothing::LocationSmoother& core_;
    smoothing::UnboundTags limiter_;
    smoothing::UnboundTags::Idle idle_;
    BoundEpcs bound_;
    std::uint64_t round_ = 0;
    std::vector<std::size_t> fresh_;                  // reads of EPCs the core does not hold yet
    std::vector<smoothing::UnboundTagStats> before_;  // per reader: as the round began
};

}  // namespace casetrail::gateway
