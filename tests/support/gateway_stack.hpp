// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The real simulator and gateway processes (and, on demand, the server) on a seeded database: the
// archive of config/demo/seed.sql, 40 tags on 8 antennas of reader R1.

#include <map>
#include <memory>
#include <string>

#include "tests/support/processes.hpp"
#include "tests/support/test_database.hpp"

namespace casetrail::test {

std::string demo_epc(int n);  // dossier n's tag
std::string casetrail_profile_path();
std::string shelf_of_antenna(int a);  // "HQ-R1-C1-S1" for antenna 1 ... "HQ-R1-C2-S4" for 8

struct StackOptions {
    // A second simulated reader, D1, watching the room's doorway: antenna 1 inside, 2 outside.
    bool doorway = false;
    // R1's register profile, in the simulator and the gateway; empty: casetrail-v1.
    std::string profile;
    // The web UI's built files, served by the server at / (empty: the API alone).
    std::string web_root;
};

class GatewayStack {
public:
    explicit GatewayStack(std::string admin = admin_conninfo(), const StackOptions& options = {});

    TestDatabase db;
    TempDir dir;
    std::unique_ptr<ChildProcess> sim, gateway, server;
    int modbus_port = 0, control_port = 0, http_port = 0;
    std::map<std::string, std::string> tokens;  // the seeded staff's, by login (start_server)
    int doorway_port = 0;                       // D1's Modbus port, with StackOptions::doorway
    std::string profile;                        // R1's register profile

    std::string gateway_config(const std::string& conninfo) const;
    void write_gateway_config(const std::string& conninfo);
    void start_gateway();  // and wait until it polls
    void start_server();   // with --clock-file: set_clock() moves its time
    void set_clock(long long seconds_ahead) const;
    // Instead of sleeping before asserting that nothing happened: `rounds` more rounds of every reader,
    // what they derived spooled, and (`written`) in the database.
    void wait_rounds(int rounds, bool written = true) const;
    void move(int tag, int antenna);           // through the simulator's control socket
    void control(const std::string& command);  // any control command; throws unless it answers ok

    // "HQ-R1-C2-S2/present" for a case number; "" when never located.
    std::string current(const std::string& case_number) const;
    int events() const;
    int events_of(const std::string& case_number) const;
    std::string logs() const;
};

}  // namespace casetrail::test
