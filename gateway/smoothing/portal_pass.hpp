// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// One tag's reads at one doorway, from its first read there until the door has been quiet for a while,
// and the verdict on them: passed outward, passed inward, or no pass (it lingered near one side, or
// stood under the door without a clear order). A clear pass is decided early, while the tag is still
// near the far side: strong reads there, and the near side silent for a run unlikely had it stayed. Pure.

#include <chrono>

#include "gateway/smoothing/smoothing_options.hpp"

namespace casetrail::smoothing {

enum class PassVerdict { none, outward, inward };

struct PortalSide {
    int reads = 0;
    float peak_dbm = -200;
    double weight = 0;       // sum of the reads' linear power
    double weighted_ms = 0;  // sum of power x time since the pass began
};

struct PassDecision {
    PassVerdict verdict = PassVerdict::none;
    PortalSide inside, outside;
    double gap_ms = 0;  // outside's signal-weighted time minus inside's
};

class PortalPass {
public:
    using TimePoint = std::chrono::system_clock::time_point;

    PortalPass() = default;
    // `peak_dbm`: a floor for the pass's peak, carried over from a pass just decided at this door.
    PortalPass(int portal, TimePoint at, double margin_db, float peak_dbm = -200)
        : portal_(portal), margin_db_(margin_db), first_(at), last_(at), peak_(peak_dbm) {}

    void add(bool outside, float rssi_dbm, TimePoint at);
    // One round of the door's reader has passed; `read` when it heard the tag on either side.
    void round(bool read);
    // The door has missed the tag long enough (see PortalOptions) that it has left the door's field.
    bool gone(const PortalOptions& options, TimePoint now) const;
    PassDecision decide(const PortalOptions& options) const;
    // A verdict before the tag has left the door's field, when the order is already beyond doubt.
    PassDecision early(const PortalOptions& options) const;

    bool open() const { return portal_ >= 0; }
    int portal() const { return portal_; }
    TimePoint first() const { return first_; }
    TimePoint last() const { return last_; }
    float peak() const { return peak_; }

private:
    // Strong reads (within the margin of the pass's peak) on one side, for the early verdict.
    struct StrongRun {
        TimePoint last{};
        int since_other = 0;  // strong reads here since the other side's last strong read
        int quiet = 0;        // rounds since the last strong read here
        bool this_round = false;
    };

    int portal_ = -1;
    double margin_db_ = 6;
    TimePoint first_{}, last_{};
    float peak_ = -200;
    PortalSide in_, out_;
    StrongRun in_run_, out_run_;
    int rounds_ = 0, rounds_read_ = 0, quiet_rounds_ = 0;
};

}  // namespace casetrail::smoothing
