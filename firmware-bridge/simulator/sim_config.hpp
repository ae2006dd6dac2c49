#pragma once
// The simulator's configuration file (see config/simulator.example.json and config/README.md).

#include <string>
#include <vector>

#include "simulator/reader_server.hpp"
#include "support/config_reader.hpp"
#include "support/json_log.hpp"

namespace casetrail::bridge::sim {

struct SimConfig {
    ControlEndpoint control;
    std::vector<VirtualReaderSpec> readers;
    std::uint64_t seed = 1;
    support::LogLevel log_level = support::LogLevel::info;
};

// Throws support::ConfigError naming the file, the key and the value.
SimConfig load_sim_config(const std::string& path);

// A scenario file: {"events": [{"at_ms": 1000, "action": "move", "epc": "...", "antenna": 3}, ...]}.
std::vector<ScenarioEvent> load_scenario(const std::string& path);

NoiseSettings read_noise(const support::ConfigObject& o);

}  // namespace casetrail::bridge::sim
