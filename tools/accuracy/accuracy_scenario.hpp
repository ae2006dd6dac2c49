// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A day in a busy archive, scripted: tags on shelves, moved between shelves, parked across two shelves,
// carried out through the door and back, or brought to the door and taken back in. Each step says where
// the tag truly is afterwards; that ground truth is what the smoothing core is scored against.

#include <chrono>
#include <cstdint>
#include <vector>

namespace casetrail::accuracy {

struct Layout {
    int shelf_readers = 4;
    int antennas = 4;  // shelves per reader, side by side (a cross-read lands on a neighbour)
    int portal_reader() const { return shelf_readers; }
};

enum class Truth : std::uint8_t { shelf, between, door, transit, out };

struct Step {
    std::int64_t at_ms = 0;
    int tag = 0;
    Truth truth = Truth::shelf;
    int reader = -1;   // shelf/between: the reader; door: the portal reader
    int antenna = 0;   // shelf: its antenna; between: the first; door: 1 inside, 2 outside
    int antenna2 = 0;  // between: the second
    // A doorway episode ends with this step: 1 passed outward, -1 inward, 0 lingered (no pass).
    int pass = 0;
    bool ends_door_visit = false;
};

struct ScenarioSettings {
    int tags = 300;
    std::chrono::seconds duration{7200};
    double mean_minutes_between_actions = 30;
    std::uint64_t seed = 1;
    // Time on each side of the door while walking through, and how long a lingering visit lasts.
    std::chrono::milliseconds pass_side{1600};
    std::chrono::milliseconds linger{6000};
};

struct Scenario {
    std::vector<Step> initial;  // at time 0: every tag on a shelf
    std::vector<Step> steps;    // sorted by time, none at or after the end
};

Scenario make_scenario(const Layout& layout, const ScenarioSettings& settings);

}  // namespace casetrail::accuracy
