#include "smoothing/portal_pass.hpp"

#include <algorithm>
#include <cmath>

namespace casetrail::smoothing {

void PortalPass::add(bool outside, float rssi_dbm, TimePoint at) {
    auto& side = outside ? out_ : in_;
    ++side.reads;
    side.peak_dbm = std::max(side.peak_dbm, rssi_dbm);
    // Linear power, so that a cross-read 12 dB down counts a sixteenth of a read beside the antenna.
    const double w = std::pow(10.0, rssi_dbm / 10.0);
    side.weight += w;
    side.weighted_ms += w * std::chrono::duration<double, std::milli>(at - first_).count();
    last_ = std::max(last_, at);
}

PassDecision PortalPass::decide(const PortalOptions& options) const {
    PassDecision d;
    d.inside = in_;
    d.outside = out_;
    if (in_.reads == 0 || out_.reads == 0) return d;
    // A tag that only came close to one side (the other heard it as a weak cross-read) lingered there.
    const float peak = std::max(in_.peak_dbm, out_.peak_dbm);
    if (in_.peak_dbm < peak - options.margin_db || out_.peak_dbm < peak - options.margin_db) return d;
    d.gap_ms = out_.weighted_ms / out_.weight - in_.weighted_ms / in_.weight;
    const double min_gap = static_cast<double>(options.min_gap.count());
    if (d.gap_ms >= min_gap && d.gap_ms > 0) d.verdict = PassVerdict::outward;
    if (-d.gap_ms >= min_gap && d.gap_ms < 0) d.verdict = PassVerdict::inward;
    return d;
}

}  // namespace casetrail::smoothing
