#pragma once
// The simulator's configuration file (see config/simulator.example.json and config/README.md).

#include <string>
#include <vector>

#include "simulator/reader_server.hpp"
#include "support/json_log.hpp"

namespace casetrail::bridge::sim {

struct SimConfig {
    ControlEndpoint control;
    std::vector<VirtualReaderSpec> readers;
    support::LogLevel log_level = support::LogLevel::info;
};

// Throws support::ConfigError naming the file, the key and the value.
SimConfig load_sim_config(const std::string& path);

}  // namespace casetrail::bridge::sim
