// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The reader simulator's server: any number of virtual readers in one process, each serving its tag field
// under its register profile, over Modbus/TCP (a listening port each) or Modbus RTU (several unit ids on one
// serial line, e.g. one end of a socat pty pair), plus one line-based control socket that changes the
// fields at run time. Single-threaded: one select loop.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json_log.hpp"
#include "firmware-bridge/drivers/reader_driver.hpp"
#include "firmware-bridge/profiles/profile.hpp"
#include "firmware-bridge/profiles/reader_data.hpp"
#include "firmware-bridge/simulator/noise.hpp"
#include "firmware-bridge/simulator/tag_field.hpp"

namespace casetrail::bridge::sim {

struct VirtualReaderSpec {
    std::string name;
    Profile profile;
    map::Identity identity;
    std::optional<SerialLine> rtu;  // else Modbus/TCP on tcp_host:tcp_port
    std::string tcp_host = "127.0.0.1";
    std::uint16_t tcp_port = 0;  // 0: any free port
    int unit_id = 1;
    std::vector<map::TagRecord> tags;  // epc, antenna, rssi (read counts are the simulator's)
    NoiseSettings noise;
};

// One step of a scripted scenario, `at_ms` after the simulator starts.
struct ScenarioEvent {
    std::int64_t at_ms = 0;
    std::string reader;  // empty: the reader holding the tag (add: the first reader)
    std::string action;  // move, park, remove, add, noise, offline, online
    std::string epc;
    std::uint16_t antenna = 0;
    std::uint16_t antenna2 = 0;  // park: the second antenna
    std::int16_t rssi_decidbm = -550;
    NoiseSettings noise;
};

struct SimulatorOptions {
    std::uint64_t seed = 1;
    std::string truth_file;  // JSON lines: where every tag truly is, from the start and at every change
    std::vector<ScenarioEvent> scenario;
};

struct ControlEndpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
};

class ReaderServer {
public:
    ReaderServer(const std::vector<VirtualReaderSpec>& specs, ControlEndpoint control, common::Logger log,
                 SimulatorOptions options = {});
    ~ReaderServer();
    ReaderServer(const ReaderServer&) = delete;
    ReaderServer& operator=(const ReaderServer&) = delete;

    // Binds the sockets and opens the serial lines; throws std::runtime_error with the reason.
    void listen();
    std::uint16_t control_port() const;
    // The bound Modbus/TCP port of a TCP reader (0 for an RTU one).
    std::uint16_t modbus_port(std::size_t reader) const;
    std::size_t readers() const;
    TagField& field(std::size_t reader);  // only between polls, or from the thread running run()

    // Serves until `stop` becomes true (checked at least every 200 ms).
    void run(const std::atomic<bool>& stop);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace casetrail::bridge::sim
