// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A reader's health from its poll outcomes: online (answering, no failure in the recent window), degraded
// (answering, with failures among the recent polls, or flooding the gateway with EPCs bound to no volume
// in any of them), offline (unreachable, or `offline_after` failures in a row). Counters by kind of
// failure, Modbus exceptions by code, and poll latency p50/p99 over the last polls. Pure: the caller
// feeds outcomes and reads snapshots.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "firmware-bridge/drivers/reader_driver.hpp"

namespace casetrail::gateway {

enum class ReaderState { online, degraded, offline };
const char* to_string(ReaderState state);

struct HealthSnapshot {
    std::string reader;
    ReaderState state = ReaderState::offline;
    std::chrono::system_clock::time_point since;
    std::string reason;  // why it is degraded or offline
    std::optional<std::chrono::system_clock::time_point> last_good_poll;
    std::uint32_t consecutive_failures = 0;
    std::uint64_t polls = 0, failures = 0, timeouts = 0, crc_errors = 0, decode_errors = 0, reconnects = 0;
    std::map<int, std::uint64_t> exceptions;  // Modbus exception code -> count
    std::optional<double> latency_p50_ms, latency_p99_ms;
};

class ReaderHealth {
public:
    ReaderHealth(std::string reader, std::chrono::system_clock::time_point now, int offline_after = 3);

    // Returns true when the state changed. `flood`: what the round said of a flood of unbound EPCs
    // (unbound_guard.hpp), empty when nothing.
    bool record_success(std::chrono::system_clock::time_point at, std::chrono::microseconds latency,
                        const std::string& flood = {});
    bool record_failure(std::chrono::system_clock::time_point at, const bridge::ReaderError& error,
                        std::chrono::microseconds latency);

    HealthSnapshot snapshot() const;
    ReaderState state() const { return snap_.state; }

private:
    bool set_state(ReaderState s, std::chrono::system_clock::time_point at, std::string reason);
    void note_latency(std::chrono::microseconds latency);

    static constexpr std::size_t kWindow = 20;  // recent polls that decide degraded
    static constexpr std::size_t kLatencies = 256;
    HealthSnapshot snap_;
    int offline_after_;
    std::array<bool, kWindow> recent_failed_{};
    std::array<bool, kWindow> recent_flood_{};
    std::string last_flood_;
    std::size_t recent_next_ = 0;
    std::vector<std::int64_t> latencies_us_;
    std::size_t latency_next_ = 0;
};

}  // namespace casetrail::gateway
