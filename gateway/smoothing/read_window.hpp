// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Windows sized from a tag's observed read rate. A tag present at an antenna is reported in a round with
// probability p; the chance that it is missed k rounds in a row is (1-p)^k. The window is the smallest k
// that makes that chance at most the tolerance, so a rarely read tag gets a long window and a tag read
// every round a short one (after SMURF, Jeffery et al., VLDB 2006, with the exact bound instead of its
// exponential approximation).

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace casetrail::smoothing {

// The read rate from `reads` reads in `rounds` rounds, with a weak prior (mean 0.8, weight 2) so that a
// tag seen twice is not taken to be read every round, nor a new one to be read never.
inline double read_rate(int reads, int rounds) {
    const double p = (reads + 1.6) / (rounds + 2.0);
    return std::clamp(p, 0.05, 0.99);
}

// A cautious read rate: the lower end of a one-sided 95% interval around read_rate(). A lucky run of reads
// must not shrink the window below what the tag's true rate needs.
inline double cautious_read_rate(int reads, int rounds) {
    const double p = read_rate(reads, rounds);
    const double low = p - 1.645 * std::sqrt(p * (1 - p) / (rounds + 2.0));
    return std::clamp(low, 0.05, 0.99);
}

// Rounds of silence after which a tag read at rate p is gone with probability at least 1 - tolerance.
inline int window_for(double p, double tolerance, int min_window, int max_window) {
    const double k = std::ceil(std::log(tolerance) / std::log1p(-p) - 1e-9);
    return std::clamp(static_cast<int>(k), min_window, max_window);
}

// Read histories are 64-bit masks: bit 0 is the newest round.
inline std::uint64_t low_bits(int n) { return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1; }
// Rounds since the newest set bit (all `observed` rounds when none is set).
inline int rounds_since(std::uint64_t history, int observed) {
    return history ? std::min(std::countr_zero(history), observed) : observed;
}

}  // namespace casetrail::smoothing
