// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tests/support/gateway_stack.hpp"

#include "tests/support/test_tokens.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace casetrail::test {

std::string demo_epc(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "E2801160000000000000%04d", n);
    return buf;
}

std::string casetrail_profile_path() { return std::string(CT_SOURCE_DIR) + "/config/readers/casetrail-v1.json"; }

std::string shelf_of_antenna(int a) {
    return "HQ-R1-C" + std::to_string((a - 1) / 4 + 1) + "-S" + std::to_string((a - 1) % 4 + 1);
}

GatewayStack::GatewayStack(std::string admin, const StackOptions& options)
    : db(TestDatabase::Setup::seeded, std::move(admin)),
      profile(options.profile.empty() ? casetrail_profile_path() : options.profile) {
    nlohmann::json tags = nlohmann::json::array();
    for (int n = 1; n <= 40; ++n) tags.push_back({{"epc", demo_epc(n)}, {"antenna", (n - 1) / 5 + 1}});
    nlohmann::json readers = {
        {{"name", "R1"}, {"tcp", {{"port", 0}}}, {"profile", profile}, {"antennas", 8}, {"tags", tags}}};
    if (options.doorway) {
        readers.push_back({{"name", "D1"},
                           {"tcp", {{"port", 0}}},
                           {"profile", casetrail_profile_path()},
                           {"antennas", 2},
                           {"tags", nlohmann::json::array()}});
    }
    dir.write("sim.json", nlohmann::json{{"control", {{"port", 0}}}, {"readers", readers}}.dump());
    sim = std::make_unique<ChildProcess>(
        bin_path("casetrail-reader-sim"),
        std::vector<std::string>{"--config", dir.file("sim.json"), "--ready-file", dir.file("sim.ready")},
        dir.file("sim.log"));
    modbus_port = ready_port(dir.file("sim.ready"), "modbus_port", *sim);
    control_port = ready_port(dir.file("sim.ready"), "control_port", *sim);
    if (options.doorway) {
        std::ifstream in(dir.file("sim.ready"));
        doorway_port = nlohmann::json::parse(in).at("readers").at(1).at("modbus_port").get<int>();
    }
    write_gateway_config(db.gateway_conninfo());
    nlohmann::json http{{"port", 0}};
    if (!options.web_root.empty()) http["web_root"] = options.web_root;
    dir.write("server.json", nlohmann::json{{"database", db.server_conninfo()}, {"http", http}}.dump());
}

std::string GatewayStack::gateway_config(const std::string& conninfo) const {
    nlohmann::json antennas;
    for (int a = 1; a <= 8; ++a) antennas[std::to_string(a)] = shelf_of_antenna(a);
    nlohmann::json readers = {
        {{"id", "R1"}, {"host", "127.0.0.1"}, {"port", modbus_port}, {"profile", profile}, {"antennas", antennas}}};
    if (doorway_port) {
        readers.push_back({{"id", "D1"},
                           {"host", "127.0.0.1"},
                           {"port", doorway_port},
                           {"profile", casetrail_profile_path()},
                           {"antennas",
                            {{"1", {{"location", "HQ-R1"}, {"role", "portal-in"}, {"portal", "HQ-R1-DOOR"}}},
                             {"2", {{"location", "HQ-R1"}, {"role", "portal-out"}, {"portal", "HQ-R1-DOOR"}}}}}});
    }
    return nlohmann::json{{"database", conninfo},
                          {"poll_interval_ms", 100},
                          {"status_interval_ms", 100},
                          {"writer", {{"flush_interval_ms", 50}}},
                          {"spool", {{"dir", dir.file("spool")}}},
                          {"readers", readers}}
        .dump();
}

void GatewayStack::write_gateway_config(const std::string& conninfo) {
    dir.write("gateway.json", gateway_config(conninfo));
}

void GatewayStack::start_gateway() {
    std::remove(dir.file("gateway.ready").c_str());
    gateway = std::make_unique<ChildProcess>(
        bin_path("casetrail-gateway"),
        std::vector<std::string>{"--config", dir.file("gateway.json"), "--ready-file", dir.file("gateway.ready")},
        dir.file("gateway.log"));
    ready_port(dir.file("gateway.ready"), "readers", *gateway, std::chrono::seconds(30));
}

void GatewayStack::start_server() {
    server = std::make_unique<ChildProcess>(
        bin_path("casetrail-server"),
        std::vector<std::string>{"serve", "--config", dir.file("server.json"), "--ready-file", dir.file("server.ready"),
                                 "--clock-file", dir.file("clock")},
        dir.file("server.log"), std::vector<std::string>{kTestClockEnv});
    http_port = ready_port(dir.file("server.ready"), "http_port", *server);
    authorize_seed_staff(http_port, db.conninfo(), tokens);
}

void GatewayStack::set_clock(long long seconds_ahead) const {
    dir.write("clock.new", std::to_string(seconds_ahead));  // renamed over: never read half-written
    std::rename(dir.file("clock.new").c_str(), dir.file("clock").c_str());
}

void GatewayStack::wait_rounds(int rounds, bool written) const {
    wait_for_gateway_rounds(dir.file("spool") + "/status.json", rounds, written);
}

void GatewayStack::move(int tag, int antenna) { control("move " + demo_epc(tag) + " " + std::to_string(antenna)); }

void GatewayStack::control(const std::string& command) {
    const auto reply = sim_control(control_port, command);
    if (reply != "ok\n") throw std::runtime_error("simulator refused \"" + command + "\": " + reply);
}

std::string GatewayStack::current(const std::string& case_number) const {
    return db.query_value(
        "SELECT l.code || '/' || vl.state FROM volume_locations vl JOIN volumes v ON v.id = "
        "vl.volume_id JOIN dossiers d ON d.id = v.dossier_id JOIN locations l ON l.id = "
        "vl.location_id WHERE d.case_number = '" +
        case_number + "'");
}

int GatewayStack::events() const { return std::stoi(db.query_value("SELECT count(*) FROM location_events")); }

int GatewayStack::events_of(const std::string& case_number) const {
    return std::stoi(
        db.query_value("SELECT count(*) FROM location_events e JOIN volumes v ON v.id = e.volume_id "
                       "JOIN dossiers d ON d.id = v.dossier_id WHERE d.case_number = '" +
                       case_number + "'"));
}

std::string GatewayStack::logs() const {
    return "gateway log:\n" + (gateway ? gateway->log() : std::string()) + "\nsimulator log:\n" + sim->log();
}

}  // namespace casetrail::test
