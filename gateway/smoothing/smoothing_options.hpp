// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Settings of the smoothing core, per antenna role. Defaults are what the accuracy harness
// (tools/bench-accuracy, docs/smoothing.md) was tuned with; validate() names the first bad field.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casetrail::smoothing {

// What an antenna watches: a shelf, a desk pad, or one side of a doorway.
enum class Role : std::uint8_t { shelf, desk, portal_in, portal_out };
inline constexpr std::size_t kRoleCount = 4;
const char* to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);  // "shelf", "desk", "portal-in", "portal-out"
inline bool is_portal(Role role) { return role == Role::portal_in || role == Role::portal_out; }

// How presence at a shelf or desk pad is decided.
struct PlaceOptions {
    // 0: adaptive (sized from each tag's own read rate); otherwise a fixed window of this many rounds.
    int window_rounds = 0;
    // Adaptive: the window is the shortest run of missed rounds that a tag still there would show with at
    // most this probability (the SMURF completeness bound, exact for Bernoulli reads).
    double miss_tolerance = 1e-7;
    // Adaptive: a move needs the old place silent (no strong read) for a run this unlikely if the tag were
    // still there, beside a strong read at the new place. Fixed windows use window_rounds.
    double quiet_tolerance = 0.5;
    int min_window = 2;
    int max_window = 40;   // the read history holds 64 rounds
    int arrive_reads = 2;  // reads within the window before a tag not placed anywhere arrives
    // A read within this of the tag's usual signal at its place is "strong"; cross-reads from a neighbouring
    // antenna are weaker. Two places whose strong reads interleave are in contention.
    double strong_margin_db = 6;
    // A move also needs the new place this much stronger than whatever the old place still hears.
    double hysteresis_db = 3;
    // Contention that lasts this long makes the tag's location ambiguous between the two places.
    std::chrono::milliseconds ambiguous_after{3000};
};

// How a pass through a doorway is decided from its inside and outside antennas.
struct PortalOptions {
    // The pass is decided once the door has missed the tag for a run of rounds that a tag still in its
    // field would show with at most this probability (sized from its read rate at the door, as for
    // shelves), and for at least `quiet`.
    double miss_tolerance = 1e-5;
    std::chrono::milliseconds quiet{500};
    // Early verdict: the side the tag came from must have missed it for a run this unlikely had it stayed.
    double switch_tolerance = 1e-3;
    std::chrono::milliseconds min_gap{200};  // the two sides' signal-weighted read times must be this far apart
    double margin_db = 6;  // both sides must hear the tag within this of its strongest read at the door
};

struct SmoothingOptions {
    PlaceOptions shelf;
    PlaceOptions desk;
    PortalOptions portal;

    const PlaceOptions& place(Role role) const { return role == Role::desk ? desk : shelf; }
};

// Returns a message naming the first field out of range ("shelf.min_window: ..."), or nothing.
std::optional<std::string> validate(const SmoothingOptions& options);

}  // namespace casetrail::smoothing
