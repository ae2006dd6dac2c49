// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Plays a scenario through the simulator's own field and noise model in virtual time, feeds every round
// to the smoothing core, and scores what the core says against the ground truth.

#include <string>

#include "gateway/smoothing/smoothing_options.hpp"
#include "tools/accuracy/accuracy_scenario.hpp"

namespace casetrail::accuracy {

struct NoiseLevel {
    double read_probability = 0.6;
    double cross_read = 0.1;
    double cross_read_drop_db = 12;
    double jitter_db = 2;
};

struct RunSettings {
    Layout layout;
    std::chrono::milliseconds shelf_poll{1000};  // one poll cycle of a shelf reader
    std::chrono::milliseconds portal_poll{200};  // doorway readers poll faster: a walk-through is short
    std::chrono::seconds duration{7200};
    std::uint64_t noise_seed = 7;
};

struct AccuracyResult {
    // Shares of scored dossier-seconds (a tag at the door or being carried is not scored).
    double scored_seconds = 0;
    double correct = 0;             // names the true place (or, for a tag across two shelves, one or both of them)
    double ambiguous = 0;           // of which: an honest "between A and B" that contains the truth
    double ambiguous_on_shelf = 0;  // of which: "between A and B" for a tag plainly on A (honest, imprecise)
    double wrong = 0;               // a shelf where the tag is not
    double missing = 0;             // nowhere, though it is on a shelf
    double stale = 0;               // still on a shelf, though it has left through the door
    int true_moves = 0, detected = 0, missed = 0, spurious = 0;
    double spurious_per_move = 0;
    double delay_median = 0, delay_p95 = 0;  // poll cycles of the destination's reader
    int passes = 0, passes_right = 0, passes_wrong = 0, passes_missed = 0, lingers = 0, false_passes = 0;
    double portal_accuracy = 0;
    int ambiguous_events = 0;
    int events_out_of_order = 0;  // a tag's event observed no later than its previous one (must be 0)
};

AccuracyResult run_accuracy(const RunSettings& run, const Scenario& scenario, const NoiseLevel& level,
                            const smoothing::SmoothingOptions& options);

}  // namespace casetrail::accuracy
