// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/noise.hpp"

#include <map>

#include <catch2/catch.hpp>

using namespace casetrail::bridge;
using namespace casetrail::bridge::sim;

namespace {
std::vector<map::TagRecord> shelf(int n, std::uint16_t antenna) {
    std::vector<map::TagRecord> tags;
    for (int i = 0; i < n; ++i) {
        char epc[32];
        std::snprintf(epc, sizeof epc, "E2801160000000000000%04d", i);
        tags.push_back({epc, antenna, -550, 3});
    }
    return tags;
}
}  // namespace

TEST_CASE("noise is deterministic for a seed", "[simulator][noise]") {
    NoiseSettings s;
    s.read_probability = 0.6;
    s.cross_read_probability = 0.25;
    s.rssi_jitter_db = 3;
    Noise a(s, 42), b(s, 42), c(s, 43);
    bool differs = false;
    for (int round = 0; round < 20; ++round) {
        const auto ra = a.round(shelf(50, 4), 8);
        const auto rb = b.round(shelf(50, 4), 8);
        const auto rc = c.round(shelf(50, 4), 8);
        REQUIRE(ra.size() == rb.size());
        for (std::size_t i = 0; i < ra.size(); ++i) {
            CHECK(ra[i].epc == rb[i].epc);
            CHECK(ra[i].antenna == rb[i].antenna);
            CHECK(ra[i].rssi_decidbm == rb[i].rssi_decidbm);
        }
        differs = differs || ra.size() != rc.size();
    }
    CHECK(differs);  // another seed, another sequence
}

TEST_CASE("read probability and cross-reads behave as set", "[simulator][noise]") {
    NoiseSettings s;
    s.read_probability = 0.6;
    s.cross_read_probability = 0.1;
    s.cross_read_drop_db = 12;
    Noise n(s, 7);
    int own = 0, cross = 0;
    const int rounds = 200, tags = 50;
    for (int r = 0; r < rounds; ++r) {
        for (const auto& t : n.round(shelf(tags, 4), 8)) {
            if (t.antenna == 4) {
                ++own;
                CHECK(t.rssi_decidbm == -550);
            } else {
                ++cross;
                CHECK((t.antenna == 3 || t.antenna == 5));
                CHECK(t.rssi_decidbm == -670);  // 12 dB weaker
            }
        }
    }
    CHECK(own / double(rounds * tags) == Approx(0.6).margin(0.03));
    CHECK(cross / double(rounds * tags) == Approx(0.1).margin(0.02));
    // Antenna 1 has one neighbour only.
    NoiseSettings all_cross;
    all_cross.cross_read_probability = 1;
    Noise edge(all_cross, 1);
    for (const auto& t : edge.round(shelf(10, 1), 8)) CHECK(t.antenna <= 2);
}

TEST_CASE("request fates follow their probabilities", "[simulator][noise]") {
    NoiseSettings s;
    s.drop_probability = 0.1;
    s.exception_probability = 0.2;
    Noise n(s, 3);
    std::map<RequestFate, int> seen;
    for (int i = 0; i < 10000; ++i) ++seen[n.fate()];
    CHECK(seen[RequestFate::drop] / 10000.0 == Approx(0.1).margin(0.02));
    CHECK(seen[RequestFate::exception] / 10000.0 == Approx(0.18).margin(0.02));  // 0.9 * 0.2
    CHECK(seen[RequestFate::slow] == 0);
    CHECK(Noise(NoiseSettings{}, 1).fate() == RequestFate::answer);
}
