// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// casetrail-gateway: polls the readers, turns reads into location events, writes them to PostgreSQL.

#include <iostream>

#include "common/build_info.hpp"
#include "common/command_line.hpp"
#include "common/config_reader.hpp"
#include "gateway/app/gateway_config.hpp"
#include "gateway/app/gateway_daemon.hpp"

namespace {

constexpr const char* kUsage = R"(usage: casetrail-gateway --config FILE [--ready-file FILE]

The reader gateway: polls UHF readers over Modbus/TCP and RTU, smooths tag reads into location events
(arrived, moved, departed, ambiguous, resolved, passed_out, passed_in), spools them durably and writes
them to PostgreSQL in batches. Stops cleanly on SIGTERM.

  --config FILE      gateway configuration (see config/gateway.example.json)
  --ready-file FILE  once polling, write {"readers":..} here
  --help             show this help
  --version          show the version
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace casetrail;
    common::CommandLine cl;
    try {
        cl = common::parse_command_line(argc, argv, {"--config", "--ready-file"}, {"--help", "--version"});
    } catch (const common::UsageError& e) {
        std::cerr << "casetrail-gateway: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << kUsage;
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << common::version_line("casetrail-gateway") << "\n";
        return 0;
    }
    if (!cl.option("--config") || !cl.positional.empty()) {
        std::cerr << "casetrail-gateway: --config FILE is required\n" << kUsage;
        return 2;
    }
    gateway::GatewayConfig cfg;
    try {
        cfg = gateway::load_gateway_config(*cl.option("--config"));
    } catch (const common::ConfigError& e) {
        std::cerr << "casetrail-gateway: " << e.what() << "\n";
        return 2;
    }
    common::Logger log("gateway", cfg.log_level);
    common::SystemClock clock;
    try {
        gateway::GatewayDaemon daemon(cfg, clock, log);
        return daemon.run(cl.option("--ready-file"));
    } catch (const std::exception& e) {
        log.error("fatal", {{"error", e.what()}});
        return 1;
    }
}
