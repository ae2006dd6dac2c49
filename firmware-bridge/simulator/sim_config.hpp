// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The simulator's configuration file (see config/simulator.example.json and config/README.md).

#include <string>
#include <vector>

#include "common/config_reader.hpp"
#include "common/json_log.hpp"
#include "firmware-bridge/simulator/reader_server.hpp"

namespace casetrail::bridge::sim {

struct SimConfig {
    ControlEndpoint control;
    std::vector<VirtualReaderSpec> readers;
    std::uint64_t seed = 1;
    common::LogLevel log_level = common::LogLevel::info;
};

// Throws common::ConfigError naming the file, the key and the value.
SimConfig load_sim_config(const std::string& path);

// A scenario file: {"events": [{"at_ms": 1000, "action": "move", "epc": "...", "antenna": 3}, ...]}.
std::vector<ScenarioEvent> load_scenario(const std::string& path);

NoiseSettings read_noise(const common::ConfigObject& n);

}  // namespace casetrail::bridge::sim
