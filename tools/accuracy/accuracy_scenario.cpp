// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/accuracy/accuracy_scenario.hpp"

#include <algorithm>
#include <random>

namespace casetrail::accuracy {

namespace {

struct Where {
    int reader = 0;
    int antenna = 1;
};

}  // namespace

Scenario make_scenario(const Layout& layout, const ScenarioSettings& s) {
    Scenario sc;
    std::mt19937_64 rng(s.seed);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto chance = [&] { return std::uniform_real_distribution<double>(0, 1)(rng); };
    std::exponential_distribution<double> gap(1.0 / (s.mean_minutes_between_actions * 60'000.0));
    auto random_shelf = [&](const Where* not_here) {
        for (;;) {
            Where w{uniform(0, layout.shelf_readers - 1), uniform(1, layout.antennas)};
            if (!not_here || w.reader != not_here->reader || w.antenna != not_here->antenna) return w;
        }
    };
    const std::int64_t end = std::chrono::duration_cast<std::chrono::milliseconds>(s.duration).count();
    const std::int64_t side = s.pass_side.count();
    for (int tag = 0; tag < s.tags; ++tag) {
        Where here = random_shelf(nullptr);
        sc.initial.push_back({0, tag, Truth::shelf, here.reader, here.antenna, 0, 0, false});
        bool parked = false;
        std::int64_t t = static_cast<std::int64_t>(gap(rng));
        auto push = [&](std::int64_t at, Truth truth, int reader, int antenna, int antenna2 = 0, int pass = 0,
                        bool ends = false) {
            sc.steps.push_back({at, tag, truth, reader, antenna, antenna2, pass, ends});
        };
        while (t < end) {
            const double roll = chance();
            if (roll < 0.6 || (roll < 0.7 && layout.antennas < 2)) {
                const Where to = random_shelf(parked ? nullptr : &here);
                push(t, Truth::shelf, to.reader, to.antenna);
                here = to;
                parked = false;
            } else if (roll < 0.7) {
                // Across its shelf and the next one (on the same reader).
                const int a = std::min(here.antenna, layout.antennas - 1);
                here.antenna = a;
                push(t, Truth::between, here.reader, a, a + 1);
                parked = true;
            } else if (roll < 0.9) {
                // Out through the door, and back some minutes later to a shelf.
                const int pr = layout.portal_reader();
                push(t, Truth::transit, -1, 0);
                push(t + 3000, Truth::door, pr, 1);
                push(t + 3000 + side, Truth::door, pr, 2);
                push(t + 3000 + 2 * side, Truth::out, -1, 0, 0, 1, true);
                const std::int64_t back = t + 3000 + 2 * side + uniform(5, 20) * 60'000;
                push(back, Truth::door, pr, 2);
                push(back + side, Truth::door, pr, 1);
                push(back + 2 * side, Truth::transit, -1, 0, 0, -1, true);
                here = random_shelf(nullptr);
                push(back + 2 * side + 3000, Truth::shelf, here.reader, here.antenna);
                parked = false;
                t = back + 2 * side + 3000;
            } else {
                // Brought to the door, left there a while, taken back in to a shelf.
                const int pr = layout.portal_reader();
                push(t, Truth::transit, -1, 0);
                push(t + 3000, Truth::door, pr, 1);
                push(t + 3000 + s.linger.count(), Truth::transit, -1, 0, 0, 0, true);
                here = random_shelf(nullptr);
                push(t + 5000 + s.linger.count(), Truth::shelf, here.reader, here.antenna);
                parked = false;
                t = t + 5000 + s.linger.count();
            }
            t += static_cast<std::int64_t>(gap(rng)) + 1000;
        }
    }
    std::stable_sort(sc.steps.begin(), sc.steps.end(), [](const Step& a, const Step& b) { return a.at_ms < b.at_ms; });
    while (!sc.steps.empty() && sc.steps.back().at_ms >= end) sc.steps.pop_back();
    return sc;
}

}  // namespace casetrail::accuracy
