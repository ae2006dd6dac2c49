// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/noise.hpp"

#include <algorithm>
#include <cmath>

namespace casetrail::bridge::sim {

std::vector<map::TagRecord> Noise::round(const std::vector<map::TagRecord>& truth, std::uint16_t antennas) {
    std::vector<map::TagRecord> out;
    out.reserve(truth.size());
    auto jitter = [&](double dbm) {
        if (s_.rssi_jitter_db > 0)
            dbm += std::uniform_real_distribution<double>(-s_.rssi_jitter_db, s_.rssi_jitter_db)(rng_);
        return static_cast<std::int16_t>(std::lround(std::clamp(dbm, -120.0, 0.0) * 10));
    };
    for (const auto& t : truth) {
        const double dbm = t.rssi_decidbm / 10.0;
        if (chance(s_.read_probability)) {
            auto r = t;
            r.rssi_decidbm = jitter(dbm);
            r.read_count = static_cast<std::uint16_t>(1 + std::uniform_int_distribution<int>(0, 2)(rng_));
            out.push_back(r);
        }
        if (antennas > 1 && chance(s_.cross_read_probability)) {
            auto r = t;
            const bool up =
                t.antenna == 1 || (t.antenna < antennas && std::uniform_int_distribution<int>(0, 1)(rng_) == 1);
            r.antenna = static_cast<std::uint16_t>(up ? t.antenna + 1 : t.antenna - 1);
            r.rssi_decidbm = jitter(dbm - s_.cross_read_drop_db);
            r.read_count = 1;
            out.push_back(r);
        }
    }
    return out;
}

RequestFate Noise::fate() {
    if (chance(s_.drop_probability)) return RequestFate::drop;
    if (chance(s_.disconnect_probability)) return RequestFate::disconnect;
    if (chance(s_.exception_probability)) return RequestFate::exception;
    if (chance(s_.slow_probability)) return RequestFate::slow;
    return RequestFate::answer;
}

}  // namespace casetrail::bridge::sim
