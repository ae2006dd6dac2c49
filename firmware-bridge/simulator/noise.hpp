// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// How unreliable a simulated reader is: tags missed in a round, read by a neighbouring antenna with a
// weaker signal, answers dropped, late, refused with a Modbus exception, or the connection cut.
// Deterministic: the same seed and the same sequence of rounds and requests give the same noise.

#include <cstdint>
#include <random>
#include <vector>

#include "firmware-bridge/profiles/reader_data.hpp"

namespace casetrail::bridge::sim {

struct NoiseSettings {
    double read_probability = 1.0;      // a tag is reported in a round with this probability
    double cross_read_probability = 0;  // ...and also by a neighbouring antenna (port +-1) with this one
    double cross_read_drop_db = 12;     // the neighbour hears it this much weaker
    double rssi_jitter_db = 0;          // +- uniform jitter on every RSSI
    double drop_probability = 0;        // a request gets no answer at all
    double slow_probability = 0;        // a request is answered late...
    int slow_ms = 800;                  // ...by this much
    double exception_probability = 0;   // a request is refused with a Modbus exception...
    int exception_code = 6;             // ...this one (6: server device busy)
    double disconnect_probability = 0;  // a TCP connection is cut on a request
};

enum class RequestFate { answer, drop, slow, exception, disconnect };

class Noise {
public:
    Noise(NoiseSettings settings, std::uint64_t seed) : s_(settings), rng_(seed) {}

    void set(const NoiseSettings& settings) { s_ = settings; }
    const NoiseSettings& settings() const { return s_; }

    // What one inventory round reports, from where the tags truly are.
    std::vector<map::TagRecord> round(const std::vector<map::TagRecord>& truth, std::uint16_t antennas);
    RequestFate fate();

private:
    bool chance(double p) { return p > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

    NoiseSettings s_;
    std::mt19937_64 rng_;
};

}  // namespace casetrail::bridge::sim
