// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/smoothing/smoothing_options.hpp"

namespace casetrail::smoothing {

const char* to_string(Role role) {
    switch (role) {
        case Role::shelf: return "shelf";
        case Role::desk: return "desk";
        case Role::portal_in: return "portal-in";
        case Role::portal_out: return "portal-out";
    }
    return "unknown";
}

std::optional<Role> role_from_string(std::string_view text) {
    for (auto r : {Role::shelf, Role::desk, Role::portal_in, Role::portal_out}) {
        if (text == to_string(r)) return r;
    }
    return std::nullopt;
}

namespace {

std::optional<std::string> check_place(const char* name, const PlaceOptions& o) {
    const std::string p = std::string(name) + ".";
    if (o.window_rounds < 0 || o.window_rounds > 40) return p + "window_rounds: 0 (adaptive) or 1..40";
    if (!(o.miss_tolerance > 0 && o.miss_tolerance < 0.5)) return p + "miss_tolerance: must be in (0, 0.5)";
    if (!(o.quiet_tolerance > 0 && o.quiet_tolerance < 1)) return p + "quiet_tolerance: must be in (0, 1)";
    if (o.min_window < 1 || o.min_window > 40) return p + "min_window: must be 1..40";
    if (o.max_window < o.min_window || o.max_window > 40) return p + "max_window: must be min_window..40";
    if (o.arrive_reads < 1 || o.arrive_reads > 40) return p + "arrive_reads: must be 1..40";
    if (!(o.strong_margin_db > 0 && o.strong_margin_db <= 40)) return p + "strong_margin_db: must be in (0, 40]";
    if (!(o.hysteresis_db >= 0 && o.hysteresis_db <= 40)) return p + "hysteresis_db: must be in [0, 40]";
    if (o.ambiguous_after.count() < 0 || o.ambiguous_after > std::chrono::hours(1)) {
        return p + "ambiguous_after_ms: must be 0..3600000";
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> validate(const SmoothingOptions& options) {
    if (auto e = check_place("shelf", options.shelf)) return e;
    if (auto e = check_place("desk", options.desk)) return e;
    const auto& po = options.portal;
    if (po.quiet.count() < 0 || po.quiet > std::chrono::minutes(10)) return "portal.quiet_ms: must be 0..600000";
    if (!(po.miss_tolerance > 0 && po.miss_tolerance < 0.5)) return "portal.miss_tolerance: must be in (0, 0.5)";
    if (!(po.switch_tolerance > 0 && po.switch_tolerance < 0.5)) return "portal.switch_tolerance: must be in (0, 0.5)";
    if (po.min_gap.count() < 0 || po.min_gap > std::chrono::minutes(1)) return "portal.min_gap_ms: must be 0..60000";
    if (!(po.margin_db > 0 && po.margin_db <= 40)) return "portal.margin_db: must be in (0, 40]";
    return std::nullopt;
}

}  // namespace casetrail::smoothing
