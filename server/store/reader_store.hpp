// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Read side of the readers: each with its antennas' count and its health as last reported by its gateway.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"

namespace casetrail::store {

struct ReaderRecord {
    std::string code;
    std::string transport;
    std::string address;
    int unit_id = 0;
    std::string site;
    int antennas = 0;
    bool reported = false;  // the fields below are set only when the gateway has reported
    std::string state;
    std::chrono::system_clock::time_point since;
    std::optional<std::string> reason;
    std::optional<std::chrono::system_clock::time_point> last_good_poll;
    std::int64_t consecutive_failures = 0, polls = 0, failures = 0, timeouts = 0, crc_errors = 0, decode_errors = 0,
                 reconnects = 0;
    std::string exceptions_json = "{}";
    std::optional<double> latency_p50_ms, latency_p99_ms;
    std::chrono::system_clock::time_point reported_at;
};

class ReaderStore {
public:
    explicit ReaderStore(pg::ConnectionPool& pool) : pool_(pool) {}
    std::vector<ReaderRecord> list();

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
