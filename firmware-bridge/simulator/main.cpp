// casetrail-reader-sim: a simulated UHF reader serving the Casetrail register map over Modbus/TCP.

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "simulator/reader_server.hpp"
#include "simulator/sim_config.hpp"
#include "support/command_line.hpp"
#include "support/config_reader.hpp"
#include "support/ready_file.hpp"
#include "support/stop_signal.hpp"
#include "casetrail/support/version.hpp"

namespace {

constexpr const char* kUsage = R"(usage: casetrail-reader-sim --config FILE [--ready-file FILE]

A simulated UHF RFID reader: a Modbus/TCP server speaking the Casetrail register map
(or any profile of config/readers/), with a line-based control socket to add, move and remove tags.

  --config FILE      simulator configuration (see config/simulator.example.json)
  --ready-file FILE  once listening, write {"modbus_port":..,"control_port":..} here
  --help             show this help
  --version          show the version
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace casetrail;
    support::CommandLine cl;
    try {
        cl = support::parse_command_line(argc, argv, {"--config", "--ready-file"}, {"--help", "--version"});
    } catch (const support::UsageError& e) {
        std::cerr << "casetrail-reader-sim: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << kUsage;
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << "casetrail-reader-sim " << support::kVersion << "\n";
        return 0;
    }
    if (!cl.option("--config") || !cl.positional.empty()) {
        std::cerr << "casetrail-reader-sim: --config FILE is required\n" << kUsage;
        return 2;
    }

    bridge::sim::SimConfig cfg;
    try {
        cfg = bridge::sim::load_sim_config(*cl.option("--config"));
    } catch (const support::ConfigError& e) {
        std::cerr << "casetrail-reader-sim: " << e.what() << "\n";
        return 2;
    }
    support::Logger log("reader-sim", cfg.log_level);
    const auto& stop = support::install_stop_signal_handlers();
    try {
        bridge::sim::TagField field(cfg.identity.antenna_count);
        for (const auto& t : cfg.tags) field.add(t.epc, t.antenna, t.rssi_decidbm);
        bridge::sim::ReaderServer server(field, cfg.profile, cfg.identity, cfg.endpoints, log);
        server.listen();
        log.info("listening", {{"profile", cfg.profile.name},
                               {"modbus_port", server.modbus_port()},
                               {"control_port", server.control_port()},
                               {"tags", field.size()},
                               {"antennas", cfg.identity.antenna_count}});
        if (auto ready = cl.option("--ready-file")) {
            support::write_ready_file(*ready, {{"modbus_port", server.modbus_port()},
                                               {"control_port", server.control_port()}});
        }
        server.run(stop);
        log.info("stopped");
        return 0;
    } catch (const std::exception& e) {
        log.error("fatal", {{"error", e.what()}});
        return 1;
    }
}
