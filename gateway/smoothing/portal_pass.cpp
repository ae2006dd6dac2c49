// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/smoothing/portal_pass.hpp"

#include <algorithm>
#include <cmath>

#include "gateway/smoothing/read_window.hpp"

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
    peak_ = std::max(peak_, rssi_dbm);
    if (rssi_dbm >= peak_ - margin_db_) {
        auto& run = outside ? out_run_ : in_run_;
        run.last = at;
        run.this_round = true;
        ++run.since_other;
        (outside ? in_run_ : out_run_).since_other = 0;
    }
}

void PortalPass::round(bool read) {
    for (auto* run : {&in_run_, &out_run_}) {
        run->quiet = run->this_round ? 0 : run->quiet + 1;
        run->this_round = false;
    }
    ++rounds_;
    if (read) {
        ++rounds_read_;
        quiet_rounds_ = 0;
    } else {
        ++quiet_rounds_;
    }
}

bool PortalPass::gone(const PortalOptions& options, TimePoint now) const {
    if (now - last_ < options.quiet) return false;
    const double p = cautious_read_rate(rounds_read_, rounds_ - quiet_rounds_);
    return quiet_rounds_ >= window_for(p, options.miss_tolerance, 1, 64);
}

PassDecision PortalPass::early(const PortalOptions& options) const {
    auto d = decide(options);
    if (d.verdict == PassVerdict::none) return d;
    const bool out_later = out_run_.last > in_run_.last;
    const auto& later = out_later ? out_run_ : in_run_;
    const auto& earlier = out_later ? in_run_ : out_run_;
    const double p = cautious_read_rate(rounds_read_, rounds_ - quiet_rounds_);
    // The two orders (last strong reads, signal-weighted times) must agree, the far side must have been
    // heard strongly twice since, and the near side silent long enough.
    if (out_later != (d.verdict == PassVerdict::outward) || later.since_other < 2 ||
        earlier.quiet < window_for(p, options.switch_tolerance, 1, 64)) {
        d.verdict = PassVerdict::none;
    }
    return d;
}

PassDecision PortalPass::decide(const PortalOptions& options) const {
    PassDecision d;
    d.inside = in_;
    d.outside = out_;
    if (in_.reads == 0 || out_.reads == 0) return d;
    // A tag that only came close to one side (the other heard it as a weak cross-read) lingered there.
    if (in_.peak_dbm < peak_ - options.margin_db || out_.peak_dbm < peak_ - options.margin_db) return d;
    d.gap_ms = out_.weighted_ms / out_.weight - in_.weighted_ms / in_.weight;
    const double min_gap = static_cast<double>(options.min_gap.count());
    if (d.gap_ms >= min_gap && d.gap_ms > 0) d.verdict = PassVerdict::outward;
    if (-d.gap_ms >= min_gap && d.gap_ms < 0) d.verdict = PassVerdict::inward;
    return d;
}

}  // namespace casetrail::smoothing
