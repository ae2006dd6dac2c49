// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// casetrail-reader-sim: a simulated UHF reader serving the Casetrail register map over Modbus/TCP.

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common/build_info.hpp"
#include "common/command_line.hpp"
#include "common/config_reader.hpp"
#include "common/ready_file.hpp"
#include "common/stop_signal.hpp"
#include "firmware-bridge/simulator/reader_server.hpp"
#include "firmware-bridge/simulator/sim_config.hpp"

namespace {

constexpr const char* kUsage = R"(usage: casetrail-reader-sim --config FILE [--ready-file FILE]

Simulated UHF RFID readers: each serves its tags under a register profile (config/readers/) over
Modbus/TCP or Modbus RTU on a serial line (several unit ids per line), with one line-based control
socket to add, move and remove tags (firmware-bridge/README.md).

  --config FILE      simulator configuration (see config/simulator.example.json)
  --ready-file FILE  once listening, write {"control_port":..,"modbus_port":..,"readers":[..]} here
  --scenario FILE    a timeline of moves, removals, additions, noise changes, readers off the air
  --truth FILE       write the ground truth (where every tag truly is, and every change) as JSON lines
  --help             show this help
  --version          show the version
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace casetrail;
    common::CommandLine cl;
    try {
        cl = common::parse_command_line(argc, argv, {"--config", "--ready-file", "--scenario", "--truth"},
                                        {"--help", "--version"});
    } catch (const common::UsageError& e) {
        std::cerr << "casetrail-reader-sim: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << kUsage;
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << common::version_line("casetrail-reader-sim") << "\n";
        return 0;
    }
    if (!cl.option("--config") || !cl.positional.empty()) {
        std::cerr << "casetrail-reader-sim: --config FILE is required\n" << kUsage;
        return 2;
    }

    bridge::sim::SimConfig cfg;
    bridge::sim::SimulatorOptions options;
    try {
        cfg = bridge::sim::load_sim_config(*cl.option("--config"));
        options.seed = cfg.seed;
        if (auto s = cl.option("--scenario")) options.scenario = bridge::sim::load_scenario(*s);
        if (auto t = cl.option("--truth")) options.truth_file = *t;
    } catch (const common::ConfigError& e) {
        std::cerr << "casetrail-reader-sim: " << e.what() << "\n";
        return 2;
    }
    common::Logger log("reader-sim", cfg.log_level);
    const auto& stop = common::install_stop_signal_handlers();
    try {
        bridge::sim::ReaderServer server(cfg.readers, cfg.control, log, options);
        server.listen();
        nlohmann::json readers = nlohmann::json::array();
        for (std::size_t i = 0; i < cfg.readers.size(); ++i) {
            const auto& r = cfg.readers[i];
            readers.push_back({{"name", r.name},
                               {"profile", r.profile.name},
                               {"unit_id", r.unit_id},
                               {"tags", r.tags.size()},
                               {"modbus_port", server.modbus_port(i)},
                               {"rtu", r.rtu ? nlohmann::json(r.rtu->device) : nlohmann::json(nullptr)}});
        }
        log.info("listening", {{"control_port", server.control_port()}, {"readers", readers}});
        if (auto ready = cl.option("--ready-file")) {
            // modbus_port: the first reader's, for the common one-reader case.
            common::write_ready_file(*ready, {{"control_port", server.control_port()},
                                              {"modbus_port", server.modbus_port(0)},
                                              {"readers", readers}});
        }
        server.run(stop);
        log.info("stopped");
        return 0;
    } catch (const std::exception& e) {
        log.error("fatal", {{"error", e.what()}});
        return 1;
    }
}
