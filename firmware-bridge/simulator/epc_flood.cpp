// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/epc_flood.hpp"

#include <cstdio>
#include <stdexcept>

namespace casetrail::bridge::sim {

void EpcFlood::set(int tags, int rounds_each) {
    if (tags < 0 || tags > 100000) throw std::invalid_argument("a flood is 0..100000 tags a round");
    if (rounds_each < 1 || rounds_each > 64) throw std::invalid_argument("a flood's tags last 1..64 rounds each");
    tags_ = tags;
    rounds_each_ = rounds_each;
    if (tags_ == 0) live_.clear();
}

map::TagRecord EpcFlood::fresh_tag(std::uint16_t antennas) {
    char epc[25];
    const auto hi = static_cast<unsigned long long>(rng_() & 0xFFFFFFFFFFull);
    const auto lo = static_cast<unsigned long long>(rng_() & 0xFFFFFFFFFFull);
    std::snprintf(epc, sizeof epc, "F100%010llX%010llX", hi, lo);
    ++made_;
    const auto antenna = static_cast<std::uint16_t>(next_antenna_ % antennas + 1);
    next_antenna_ = static_cast<std::uint16_t>(antenna % antennas);
    const auto rssi = static_cast<std::int16_t>(std::uniform_int_distribution<int>(-700, -450)(rng_));
    return {epc, antenna, rssi, 1};
}

void EpcFlood::add_round(std::vector<map::TagRecord>& out, std::uint16_t antennas) {
    if (tags_ == 0 || antennas == 0) return;
    // Each round a share of the live tags is replaced, so that every tag lives `rounds_each` rounds.
    const auto renew = static_cast<std::size_t>((tags_ + rounds_each_ - 1) / rounds_each_);
    for (std::size_t i = 0; i < renew; ++i) live_.push_back(fresh_tag(antennas));
    while (live_.size() > static_cast<std::size_t>(tags_)) live_.pop_front();
    out.insert(out.end(), live_.begin(), live_.end());
}

}  // namespace casetrail::bridge::sim
