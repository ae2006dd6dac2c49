// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/epc_flood.hpp"

#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "common/epc.hpp"

using namespace casetrail;
using namespace casetrail::bridge;
using namespace casetrail::bridge::sim;

TEST_CASE("a simulated EPC flood: fresh EPCs every round, each for its rounds, at one antenna", "[simulator][flood]") {
    EpcFlood f(7);
    std::vector<map::TagRecord> none;
    f.add_round(none, 4);
    CHECK(none.empty());  // no flood set
    f.set(300, 3);
    std::map<std::string, std::pair<int, std::uint16_t>> seen;  // EPC -> rounds heard, antenna
    std::set<std::uint16_t> antennas;
    for (int round = 0; round < 12; ++round) {
        std::vector<map::TagRecord> out = {{"E28011600000000000000001", 2, -550, 3}};
        f.add_round(out, 4);
        CHECK(out.front().epc == "E28011600000000000000001");  // what was there stays
        CHECK(out.size() == 1 + static_cast<std::size_t>(std::min(300, 100 * (round + 1))));
        for (std::size_t i = 1; i < out.size(); ++i) {
            const auto& t = out[i];
            CHECK(common::normalize_epc(t.epc) == t.epc);
            CHECK(t.epc.rfind("F100", 0) == 0);
            auto& s = seen[t.epc];
            if (s.first > 0) CHECK(s.second == t.antenna);
            ++s.first;
            s.second = t.antenna;
            antennas.insert(t.antenna);
        }
    }
    CHECK(f.made() == 1200);
    CHECK(seen.size() == 1200);
    for (const auto& [epc, s] : seen) CHECK(s.first <= 3);
    CHECK(antennas == std::set<std::uint16_t>{1, 2, 3, 4});
    // The same seed, the same EPCs; stopped, nothing more.
    EpcFlood g(7);
    g.set(300, 3);
    std::vector<map::TagRecord> a;
    g.add_round(a, 4);
    CHECK(seen.count(a.front().epc) == 1);
    g.set(0, 1);
    std::vector<map::TagRecord> b;
    g.add_round(b, 4);
    CHECK(b.empty());
    CHECK_THROWS_WITH(g.set(-1, 1), "a flood is 0..100000 tags a round");
    CHECK_THROWS_WITH(g.set(10, 0), "a flood's tags last 1..64 rounds each");
}
