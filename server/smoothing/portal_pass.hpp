#pragma once
// One tag's reads at one doorway, from its first read there until the door has been quiet for a while,
// and the verdict on them: passed outward, passed inward, or no pass (it lingered near one side, or
// stood under the door without a clear order). Pure.

#include <chrono>

#include "smoothing/smoothing_options.hpp"

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
    PortalPass(int portal, TimePoint at) : portal_(portal), first_(at), last_(at) {}

    void add(bool outside, float rssi_dbm, TimePoint at);
    PassDecision decide(const PortalOptions& options) const;

    bool open() const { return portal_ >= 0; }
    int portal() const { return portal_; }
    TimePoint first() const { return first_; }
    TimePoint last() const { return last_; }

private:
    int portal_ = -1;
    TimePoint first_{}, last_{};
    PortalSide in_, out_;
};

}  // namespace casetrail::smoothing
