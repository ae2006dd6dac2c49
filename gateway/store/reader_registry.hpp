// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The gateway's readers in PostgreSQL: registering them and their antennas at start (each antenna mapped
// to a location, with its role and doorway), and their health reported every few seconds. One
// connection, one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_fwd.hpp"

namespace casetrail::gateway {

struct AntennaSpec {
    int port = 1;
    std::string location_code;
    std::string role = "shelf";  // shelf | desk | portal-in | portal-out
    std::string portal;          // the doorway's name, for portal antennas
};

struct ReaderRegistration {
    std::string code;
    std::string transport = "tcp";
    std::string address;  // "host:port" for TCP
    int unit_id = 1;
    std::vector<AntennaSpec> antennas;
};

struct RegisteredAntenna {
    std::string reader_code;
    int port = 0;
    std::string location_code;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
};

struct ReaderHealthRow {
    std::string reader_code;
    std::string state;  // online | degraded | offline
    std::int64_t since_us = 0;
    std::string reason;
    std::optional<std::int64_t> last_good_poll_us;
    std::int64_t consecutive_failures = 0, polls = 0, failures = 0, timeouts = 0, crc_errors = 0, decode_errors = 0,
                 reconnects = 0;
    std::string exceptions_json = "{}";  // {"2": 5}: Modbus exception code -> count
    std::optional<double> latency_p50_ms, latency_p99_ms;
};

class ReaderRegistry {
public:
    explicit ReaderRegistry(std::string conninfo);
    ~ReaderRegistry();
    ReaderRegistry(const ReaderRegistry&) = delete;
    ReaderRegistry& operator=(const ReaderRegistry&) = delete;

    // Upserts the readers and their antennas. Throws StoreMismatch naming the reader, antenna and location
    // code when a location is unknown or a reader's antennas span several sites.
    std::vector<RegisteredAntenna> register_readers(const std::vector<ReaderRegistration>& readers);

    // Upserts the readers' health rows (one statement).
    void report_health(const std::vector<ReaderHealthRow>& rows);

private:
    std::unique_ptr<pg::DedicatedConnection> conn_;
};

}  // namespace casetrail::gateway
