// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A hostile reader (or an impostor on a reader's address): besides its true field, every inventory round
// reports `tags` made-up EPCs, each for `rounds_each` rounds before a new random one takes its place, so
// that a gateway sees tags/rounds_each fresh EPCs a round for as long as the flood lasts. The EPCs are
// 96-bit, start with "F100" (no demo or test tag does), and each stays at one antenna, the antennas taken in
// turn.
// Deterministic for a seed. Pure: no I/O.

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "firmware-bridge/profiles/reader_data.hpp"

namespace casetrail::bridge::sim {

class EpcFlood {
public:
    explicit EpcFlood(std::uint64_t seed) : rng_(seed) {}

    // tags 0 ends the flood. Throws std::invalid_argument outside 0..100000 tags or 1..64 rounds.
    void set(int tags, int rounds_each);
    int tags() const { return tags_; }
    std::uint64_t made() const { return made_; }  // EPCs made up so far

    // One round: the made-up tags are appended to `out`.
    void add_round(std::vector<map::TagRecord>& out, std::uint16_t antennas);

private:
    map::TagRecord fresh_tag(std::uint16_t antennas);

    int tags_ = 0;
    int rounds_each_ = 1;
    std::deque<map::TagRecord> live_;  // oldest first; each keeps its antenna and signal
    std::uint64_t made_ = 0;
    std::uint16_t next_antenna_ = 0;
    std::mt19937_64 rng_;
};

}  // namespace casetrail::bridge::sim
