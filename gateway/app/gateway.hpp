#pragma once
// The gateway daemon's wiring: registers its readers and antennas in the database, seeds the smoother
// with where tags stand now, then polls every reader and writes the location events it derives.

#include <optional>
#include <string>

#include "gateway/gateway_config.hpp"
#include "support/clock.hpp"
#include "support/json_log.hpp"

namespace casetrail::gateway {

// Runs until SIGINT/SIGTERM. Returns the process exit code (0 clean; 2 the config does not match the
// database, e.g. an unknown location code).
int run_gateway(const GatewayConfig& cfg, const support::Clock& clock, const support::Logger& log,
                const std::optional<std::string>& ready_file);

}  // namespace casetrail::gateway
