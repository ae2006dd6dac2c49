// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// tools/bench-smoothing: the smoothing core's throughput on one core and its memory per tracked tag.
// 50,000 tags on 400 shelves (100 readers x 4 antennas), read with probability 0.6 and 10% cross-reads,
// 1% of the tags moved every 20 cycles, until 10 million reads have been fed. Beside it, in the same run,
// the ceiling: a bare pass over the same reads that only looks up each EPC and stores the time it was
// seen. Run on demand; every run is recorded in docs/benchmarks.md.

#include <malloc.h>
#include <ctime>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/build_info.hpp"
#include "gateway/smoothing/location_smoother.hpp"

using namespace casetrail::smoothing;

namespace {

constexpr const char* kUsage = R"(usage: bench-smoothing [--tags N] [--reads N] [--seed S]
  --tags N    tags tracked (default 50000)
  --reads N   reads fed in all (default 10000000)
)";

struct Round {
    int reader;
    std::int64_t at_ms;
    std::size_t first, count;  // into the read arrays
};

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Heap in use, small blocks and the large ones malloc maps directly.
std::size_t heap_in_use() {
    const auto m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

}  // namespace

// The benchmark as a script read top to bottom: each measurement prints its figure as it ends.
int main(int argc, char** argv) {
    if (casetrail::common::printed_version(argc, argv, "bench-smoothing")) return 0;
    long tags = 50'000, total_reads = 10'000'000;
    unsigned seed = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "%s needs a value\n%s", a.c_str(), kUsage);
            return 2;
        }
        char* end = nullptr;
        const long v = std::strtol(argv[++i], &end, 10);
        if (*end || v <= 0) {
            std::fprintf(stderr, "%s: \"%s\" is not a positive number\n", a.c_str(), argv[i]);
            return 2;
        }
        if (a == "--tags")
            tags = v;
        else if (a == "--reads")
            total_reads = v;
        else if (a == "--seed")
            seed = static_cast<unsigned>(v);
        else {
            std::fprintf(stderr, "unknown argument %s\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    constexpr int kReaders = 100, kAntennas = 4;
    const int shelves = kReaders * kAntennas;

    // The reads, generated before anything is timed.
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::string> epcs;
    std::vector<int> shelf_of(static_cast<std::size_t>(tags));
    std::vector<std::int16_t> rssi_of(static_cast<std::size_t>(tags));
    std::vector<std::vector<std::uint32_t>> on_reader(kReaders);
    for (long t = 0; t < tags; ++t) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "E2801160%016lX", static_cast<unsigned long>(t));
        epcs.emplace_back(buf);
        shelf_of[static_cast<std::size_t>(t)] = static_cast<int>(t % shelves);
        rssi_of[static_cast<std::size_t>(t)] = static_cast<std::int16_t>(-500 - static_cast<int>(rng() % 100));
    }
    std::vector<std::uint32_t> read_tag;
    std::vector<std::uint16_t> read_zone;
    std::vector<std::int16_t> read_rssi;
    read_tag.reserve(static_cast<std::size_t>(total_reads) + 100'000);
    read_zone.reserve(read_tag.capacity());
    read_rssi.reserve(read_tag.capacity());
    std::vector<Round> rounds;
    std::int64_t cycle = 0;
    while (static_cast<long>(read_tag.size()) < total_reads) {
        if (cycle % 20 == 19) {
            for (long k = 0; k < tags / 100; ++k)
                shelf_of[rng() % static_cast<std::size_t>(tags)] = static_cast<int>(rng() % shelves);
        }
        for (auto& list : on_reader) list.clear();
        for (long t = 0; t < tags; ++t)
            on_reader[static_cast<std::size_t>(shelf_of[static_cast<std::size_t>(t)] / kAntennas)].push_back(
                static_cast<std::uint32_t>(t));
        for (int r = 0; r < kReaders; ++r) {
            const std::size_t first = read_tag.size();
            for (const auto t : on_reader[static_cast<std::size_t>(r)]) {
                const int antenna = shelf_of[t] % kAntennas;
                const auto zone = static_cast<std::uint16_t>(r * kAntennas + antenna);
                const auto jitter = static_cast<std::int16_t>(static_cast<int>(rng() % 41) - 20);
                if (u(rng) < 0.6) {
                    read_tag.push_back(t);
                    read_zone.push_back(zone);
                    read_rssi.push_back(static_cast<std::int16_t>(rssi_of[t] + jitter));
                }
                if (u(rng) < 0.1) {
                    const int other = antenna == 0 ? 1 : antenna - 1;
                    read_tag.push_back(t);
                    read_zone.push_back(static_cast<std::uint16_t>(r * kAntennas + other));
                    read_rssi.push_back(static_cast<std::int16_t>(rssi_of[t] - 120 + jitter));
                }
            }
            rounds.push_back({r, cycle * 1000 + r * 10, first, read_tag.size() - first});
        }
        ++cycle;
    }
    const auto n_reads = static_cast<double>(read_tag.size());
    std::printf("%ld tags on %d shelves (%d readers), %.0f reads in %zu rounds (%lld cycles)\n", tags, shelves,
                kReaders, n_reads, rounds.size(), static_cast<long long>(cycle));
    const auto t0 = TimePoint{} + std::chrono::hours(24 * 365 * 56);

    // The ceiling: look up each EPC, store when it was seen. Nothing less touches every read.
    double ceiling_rate = 0;
    {
        std::unordered_map<std::string_view, std::uint32_t> ids;
        for (long t = 0; t < tags; ++t) ids.emplace(epcs[static_cast<std::size_t>(t)], static_cast<std::uint32_t>(t));
        std::vector<std::int64_t> last_seen(static_cast<std::size_t>(tags), 0);
        const double c0 = thread_cpu_seconds();
        for (const auto& rd : rounds) {
            for (std::size_t i = rd.first; i < rd.first + rd.count; ++i) {
                last_seen[ids.find(epcs[read_tag[i]])->second] = rd.at_ms + read_rssi[i];
            }
        }
        const double secs = thread_cpu_seconds() - c0;
        ceiling_rate = n_reads / secs;
        std::int64_t sum = 0;
        for (auto v : last_seen) sum += v;
        std::printf("ceiling (EPC lookup + last-seen store): %.2f M reads/s (%.3f s CPU)  [checksum %lld]\n",
                    ceiling_rate / 1e6, secs, static_cast<long long>(sum % 1000));
    }

    // The core, fed as the gateway feeds it: EPC text per read, interned on the way in.
    const auto heap0 = heap_in_use();
    LocationSmoother core{SmoothingOptions{}};
    std::vector<ZoneId> zones;
    for (int r = 0; r < kReaders; ++r) {
        for (int a = 0; a < kAntennas; ++a)
            zones.push_back(core.add_zone({r, 1000 + r * kAntennas + a, Role::shelf, -1}));
    }
    std::vector<Read> batch;
    std::size_t events = 0;
    const double c0 = thread_cpu_seconds();
    const auto w0 = std::chrono::steady_clock::now();
    for (const auto& rd : rounds) {
        batch.clear();
        for (std::size_t i = rd.first; i < rd.first + rd.count; ++i) {
            batch.push_back({core.tag(epcs[read_tag[i]]), zones[read_zone[i]], read_rssi[i], 2});
        }
        events += core.on_round(rd.reader, t0 + std::chrono::milliseconds(rd.at_ms), batch).size();
    }
    const double secs = thread_cpu_seconds() - c0;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    const auto heap1 = heap_in_use();
    const double rate = n_reads / secs;
    std::printf("smoothing core (EPC text in):           %.2f M reads/s (%.3f s CPU, %.3f s wall), %zu events\n",
                rate / 1e6, secs, wall, events);
    std::printf("core / ceiling: %.2f\n", rate / ceiling_rate);
    std::printf("memory: %zu tags tracked, %.0f bytes of heap per tag (%zu bytes of state per tag by layout)\n",
                core.tracked_tags(), static_cast<double>(heap1 - heap0) / static_cast<double>(core.tracked_tags()),
                core.bytes_per_tag());
    std::printf("goal >= 5 M reads/s per core: %s\n", rate >= 5e6 ? "met" : "NOT met");
    return 0;
}
