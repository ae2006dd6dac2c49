// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The rules' sweep over a loaded database (tools/bench-sweep loads it): times the first sweep (which
// raises what is due), then steady sweeps (over what changed since the previous one) and full sweeps
// (everything, nothing new), beside a ceiling measured in the same run: one
// plain pass that reads every volume's place with its dossier and every open deadline, the least any
// set-based sweep over the same rows must read.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include <pqxx/pqxx>

#include "common/build_info.hpp"
#include "common/pg/connection_pool.hpp"
#include "server/rules/rule_engine.hpp"
#include "server/store/rule_store.hpp"

using namespace casetrail;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int total(const std::map<std::string, int>& m) {
    int n = 0;
    for (const auto& [_, v] : m) n += v;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    if (casetrail::common::printed_version(argc, argv, "bench-sweep")) return 0;
    if (argc < 2) {
        std::cerr << "usage: bench-sweep CONNINFO [STEADY_RUNS]\n";
        return 2;
    }
    const std::string conninfo = argv[1];
    const int runs = argc > 2 ? std::stoi(argv[2]) : 5;
    pg::ConnectionPool pool(conninfo, 2);
    store::RuleStore rules_store(pool);
    const common::SystemClock clock;
    rules::RuleEngine engine(rules_store, clock, rules::RulesConfig{}, "defaults",
                             common::Logger("bench", common::LogLevel::error), nullptr);

    double ceiling = 1e9;
    {
        pqxx::connection c(conninfo);
        for (int i = 0; i < 3; ++i) {
            pqxx::read_transaction tx(c);
            const auto t0 = std::chrono::steady_clock::now();
            const auto r = tx.exec1(R"sql(
                SELECT (SELECT count(*) FROM volume_locations vl JOIN volumes v ON v.id = vl.volume_id
                        JOIN dossiers d ON d.id = v.dossier_id WHERE vl.location_id <> d.home_location_id OR vl.state <> 'present'),
                       (SELECT count(*) FROM deadlines WHERE met_at IS NULL)
            )sql");
            ceiling = std::min(ceiling, seconds_since(t0));
            if (i == 0)
                std::printf("rows: %lld volumes away from home or not present, %lld open deadlines\n",
                            r[0].as<long long>(), r[1].as<long long>());
        }
    }
    std::printf("ceiling: one pass over every volume's place and every open deadline: %.3f s\n", ceiling);

    auto t0 = std::chrono::steady_clock::now();
    auto first = engine.sweep();
    std::printf("first sweep (raising what is due): %.3f s, %d alerts raised, %d notices\n", seconds_since(t0),
                total(first.raised), first.notices);
    const auto timed = [&](const char* what, bool full) {
        double best = 1e9, worst = 0, sum = 0;
        for (int i = 0; i < runs; ++i) {
            const auto t = std::chrono::steady_clock::now();
            const auto r = engine.sweep(full);
            const double s = seconds_since(t);
            best = std::min(best, s);
            worst = std::max(worst, s);
            sum += s;
            if (total(r.raised) != 0) std::printf("  (%s %d raised %d)\n", what, i + 1, total(r.raised));
        }
        std::printf("%s over %d runs: mean %.3f s, best %.3f s, worst %.3f s (goal < 2 s); %.1fx the ceiling\n", what,
                    runs, sum / runs, best, worst, (sum / runs) / ceiling);
    };
    // What runs every sweep_interval_s: what crossed a lead or grace time since the previous sweep, and
    // one slice (of 20, the defaults' 600 s / 30 s) of every row.
    timed("steady sweep (what changed since the previous one, and a slice of everything)", false);
    // What runs once at start: every rule over every row at once.
    timed("full sweep (everything at once, nothing new to raise)", true);
    return 0;
}
