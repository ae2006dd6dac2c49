#pragma once
// The simulator's configuration file (see config/simulator.example.json).

#include <string>
#include <vector>

#include "profiles/profile.hpp"
#include "registers/reader_data.hpp"
#include "simulator/reader_server.hpp"
#include "support/json_log.hpp"

namespace casetrail::bridge::sim {

struct SimTag {
    std::string epc;
    std::uint16_t antenna = 1;
    std::int16_t rssi_decidbm = -550;
};

struct SimConfig {
    ServerEndpoints endpoints;
    Profile profile;
    map::Identity identity;
    std::vector<SimTag> tags;
    support::LogLevel log_level = support::LogLevel::info;
};

// Throws support::ConfigError naming the file, the key and the value.
SimConfig load_sim_config(const std::string& path);

}  // namespace casetrail::bridge::sim
