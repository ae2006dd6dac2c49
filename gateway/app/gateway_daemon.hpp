#pragma once
// The gateway daemon's wiring: registers its readers and antennas in the database, seeds the smoother
// with where tags stand now, then polls every reader and writes the location events it derives.

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/json_log.hpp"
#include "gateway/app/gateway_config.hpp"

namespace casetrail::gateway {

// Runs until SIGINT/SIGTERM. Returns the process exit code (0 clean; 2 the config does not match the
// database, e.g. an unknown location code).
int run_gateway(const GatewayConfig& cfg, const common::Clock& clock, const common::Logger& log,
                const std::optional<std::string>& ready_file);

}  // namespace casetrail::gateway
