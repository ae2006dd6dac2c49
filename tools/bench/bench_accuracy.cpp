// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// tools/bench-accuracy: the smoothing core against the simulator's ground truth, over a grid of noise,
// for fixed windows of 1, 3 and 5 cycles and for the adaptive method. Run on demand; see
// docs/smoothing.md for what the figures mean and docs/benchmarks.md for recorded runs.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/build_info.hpp"
#include "common/command_line.hpp"
#include "tools/accuracy/accuracy_run.hpp"

using namespace casetrail;

namespace {

constexpr const char* kUsage =
    R"(usage: bench-accuracy [--tags N] [--minutes M] [--every M] [--seed S] [--method NAME] [--quick]
  Plays scripted archive days (moves, tags across two shelves, walks through the door and back,
  lingering at the door) through the simulator's noise model and the smoothing core, and prints how
  often the core was right, for read probability 0.9/0.6/0.4 x cross-read rate 0/10%/25%.
  --tags N      tags in the archive (default 300)
  --minutes M   length of each run in simulated minutes (default 120)
  --every M     mean minutes between two actions on one tag (default 30: a very busy archive)
  --seed S      scenario and noise seed (default 1)
  --method NAME only fixed-1, fixed-3, fixed-5 or adaptive
  --quick       only read probability 0.6 with 10% cross-reads
)";

struct Method {
    std::string name;
    int window;  // 0: adaptive
};

}  // namespace

int main(int argc, char** argv) {
    if (casetrail::common::printed_version(argc, argv, "bench-accuracy")) return 0;
    int tags = 300, minutes = 120, every = 30;
    std::string only;
    std::uint64_t seed = 1;
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> long {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n%s", a.c_str(), kUsage);
                std::exit(2);
            }
            char* end = nullptr;
            const long v = std::strtol(argv[++i], &end, 10);
            if (*end || v <= 0) {
                std::fprintf(stderr, "%s: \"%s\" is not a positive number\n", a.c_str(), argv[i]);
                std::exit(2);
            }
            return v;
        };
        if (a == "--tags")
            tags = static_cast<int>(value());
        else if (a == "--minutes")
            minutes = static_cast<int>(value());
        else if (a == "--seed")
            seed = static_cast<std::uint64_t>(value());
        else if (a == "--every")
            every = static_cast<int>(value());
        else if (a == "--method" && i + 1 < argc)
            only = argv[++i];
        else if (a == "--quick")
            quick = true;
        else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "unknown argument %s\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    accuracy::RunSettings run;
    run.duration = std::chrono::minutes(minutes);
    run.noise_seed = seed * 7 + 1;
    accuracy::ScenarioSettings ss;
    ss.tags = tags;
    ss.duration = run.duration;
    ss.seed = seed;
    ss.mean_minutes_between_actions = every;
    const auto scenario = accuracy::make_scenario(run.layout, ss);
    std::printf(
        "scenario: %d tags, %d min, an action per tag every %d min on average, %zu scripted steps, a shelf "
        "cycle = 1 s, door reader 5 Hz, seed %llu\n",
        tags, minutes, every, scenario.steps.size(), static_cast<unsigned long long>(seed));
    std::printf("%-5s %-5s %-9s %9s %8s %8s %8s %8s %6s %6s %6s %9s %5s %5s %7s %6s %5s %6s %6s %5s %6s\n", "p",
                "cross", "method", "correct%", "ambig%", "wrong%", "missing%", "stale%", "moves", "missed", "spur",
                "spur/mv%", "med", "p95", "portal%", "passes", "pMiss", "pWrong", "falseP", "ambEv", "amb1%");
    const std::vector<double> ps = quick ? std::vector<double>{0.6} : std::vector<double>{0.9, 0.6, 0.4};
    const std::vector<double> qs = quick ? std::vector<double>{0.1} : std::vector<double>{0.0, 0.1, 0.25};
    const std::vector<Method> methods = {{"fixed-1", 1}, {"fixed-3", 3}, {"fixed-5", 5}, {"adaptive", 0}};
    for (double p : ps) {
        for (double q : qs) {
            for (const auto& m : methods) {
                if (!only.empty() && m.name != only) continue;
                smoothing::SmoothingOptions opt;
                opt.shelf.window_rounds = m.window;
                opt.desk.window_rounds = m.window;
                if (m.window > 0) opt.shelf.arrive_reads = std::min(opt.shelf.arrive_reads, m.window);
                const auto r = accuracy::run_accuracy(run, scenario, {p, q, 12, 2}, opt);
                std::printf(
                    "%-5.2f %-5.2f %-9s %9.3f %8.3f %8.3f %8.3f %8.3f %6d %6d %6d %9.3f %5.0f %5.0f %7.2f %6d %5d %6d %6d %5d %6.3f\n",
                    p, q, m.name.c_str(), 100 * r.correct, 100 * r.ambiguous, 100 * r.wrong, 100 * r.missing,
                    100 * r.stale, r.true_moves, r.missed, r.spurious, 100 * r.spurious_per_move, r.delay_median,
                    r.delay_p95, 100 * r.portal_accuracy, r.passes, r.passes_missed, r.passes_wrong, r.false_passes,
                    r.ambiguous_events, 100 * r.ambiguous_on_shelf);
                if (r.events_out_of_order) std::printf("  %d events out of order\n", r.events_out_of_order);
                std::fflush(stdout);
            }
        }
    }
    return 0;
}
