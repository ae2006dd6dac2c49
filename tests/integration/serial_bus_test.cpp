// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Modbus RTU on a serial line: the simulator on one end of a socat pty pair, the drivers (and mbpoll, an
// independent client) on the other. Several unit ids share the line and are polled in turn.

#include <atomic>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "firmware-bridge/drivers/reader_driver.hpp"
#include "firmware-bridge/profiles/profile.hpp"
#include "firmware-bridge/simulator/reader_server.hpp"
#include "tests/support/processes.hpp"

using namespace casetrail;
using namespace casetrail::bridge;
using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {

Profile casetrail_profile() { return load_profile(std::string(CT_SOURCE_DIR) + "/config/readers/casetrail-v1.json"); }

// A virtual serial line: two linked pseudo-terminals.
struct PtyPair {
    TempDir dir;
    std::unique_ptr<ChildProcess> socat;
    std::string a, b;
    PtyPair() : a(dir.file("a")), b(dir.file("b")) {
        socat = std::make_unique<ChildProcess>(
            "/usr/bin/socat", std::vector<std::string>{"pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b},
            dir.file("socat.log"));
        if (!wait_until([&] { return std::filesystem::exists(a) && std::filesystem::exists(b); }, 5s)) {
            throw std::runtime_error("socat did not make the pty pair: " + socat->log());
        }
    }
};

SerialLine line_to(const std::string& device) {
    SerialLine l;
    l.device = device;
    l.baud = 19200;
    l.timeout = 300ms;
    return l;
}

sim::VirtualReaderSpec reader_on(const std::string& device, int unit, int first_tag, int tags) {
    sim::VirtualReaderSpec spec;
    spec.name = "U" + std::to_string(unit);
    spec.profile = casetrail_profile();
    spec.identity = map::Identity{1, 0x0100, 4, "BUS-U" + std::to_string(unit)};
    spec.rtu = line_to(device);
    spec.unit_id = unit;
    for (int i = 0; i < tags; ++i) {
        char epc[32];
        std::snprintf(epc, sizeof epc, "E2801160000000000000%04d", first_tag + i);
        spec.tags.push_back({epc, static_cast<std::uint16_t>(i % 4 + 1), -550, 1});
    }
    return spec;
}

struct BusSimulator {
    std::atomic<bool> stop{false};
    std::unique_ptr<sim::ReaderServer> server;
    std::thread thread;
    explicit BusSimulator(const std::vector<sim::VirtualReaderSpec>& specs) {
        server = std::make_unique<sim::ReaderServer>(specs, sim::ControlEndpoint{},
                                                     common::Logger("sim", common::LogLevel::error));
        server->listen();
        thread = std::thread([this] { server->run(stop); });
    }
    ~BusSimulator() {
        stop = true;
        thread.join();
    }
};

}  // namespace

TEST_CASE("several readers on one RTU bus are polled in turn through one shared line", "[rtu][driver][simulator]") {
    PtyPair pty;
    BusSimulator sim({reader_on(pty.a, 1, 1, 3), reader_on(pty.a, 2, 101, 7), reader_on(pty.a, 5, 201, 30)});
    auto bus = make_rtu_link(line_to(pty.b));
    std::vector<std::unique_ptr<ReaderDriver>> drivers;
    for (int unit : {1, 2, 5}) drivers.push_back(make_modbus_driver(bus, unit, casetrail_profile()));
    const std::size_t expected[] = {3, 7, 30};
    for (int pass = 0; pass < 3; ++pass) {
        for (std::size_t i = 0; i < drivers.size(); ++i) {
            INFO("unit index " << i << " pass " << pass);
            if (!drivers[i]->is_open()) {
                const auto id = drivers[i]->open();
                REQUIRE(id.ok());
                CHECK(id.value().serial == "BUS-U" + std::to_string(i == 2 ? 5 : i + 1));
            }
            const auto round = drivers[i]->poll();
            REQUIRE(round.ok());
            REQUIRE(round.value().tags.size() == expected[i]);
        }
    }
    CHECK(drivers[2]->poll().value().tags[29].epc == "E28011600000000000000230");
}

TEST_CASE("a unit id nobody answers on the bus times out without disturbing the others", "[rtu][driver]") {
    PtyPair pty;
    BusSimulator sim({reader_on(pty.a, 1, 1, 2)});
    auto bus = make_rtu_link(line_to(pty.b));
    auto ghost = make_modbus_driver(bus, 9, casetrail_profile());
    auto real = make_modbus_driver(bus, 1, casetrail_profile());
    const auto start = std::chrono::steady_clock::now();
    const auto r = ghost->open();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ReaderErrorKind::timeout);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    REQUIRE(real->open().ok());
    CHECK(real->poll().value().tags.size() == 2);
}

TEST_CASE("a serial device that does not exist is a clear connect failure", "[rtu][driver]") {
    auto d = make_modbus_driver(make_rtu_link(line_to("/dev/casetrail-no-such-tty")), 1, casetrail_profile());
    const auto r = d->open();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ReaderErrorKind::connect_failed);
    CHECK_THAT(r.error().message, Catch::Contains("/dev/casetrail-no-such-tty"));
}

TEST_CASE("mbpoll, an independent Modbus client, reads the simulator over TCP and over RTU",
          "[rtu][simulator][mbpoll]") {
    PtyPair pty;
    auto tcp = reader_on("", 1, 1, 2);
    tcp.rtu.reset();
    tcp.identity.serial = "TCP-1";
    BusSimulator sim({tcp, reader_on(pty.a, 3, 11, 1)});
    // The identity block: magic 0x4354 = 17236, map version 1, firmware 256, 4 antennas.
    const auto over_tcp =
        run_command("/usr/bin/mbpoll", {"-m", "tcp", "-p", std::to_string(sim.server->modbus_port(0)), "-a", "1", "-t",
                                        "4", "-r", "1", "-c", "4", "-1", "127.0.0.1"});
    INFO(over_tcp.output);
    CHECK(over_tcp.status == 0);
    CHECK_THAT(over_tcp.output, Catch::Contains("[1]: \t17236") || Catch::Contains("[1]: 17236"));
    CHECK_THAT(over_tcp.output, Catch::Contains("[4]: \t4") || Catch::Contains("[4]: 4"));
    const auto over_rtu = run_command("/usr/bin/mbpoll", {"-m", "rtu", "-b", "19200", "-P", "none", "-a", "3", "-t",
                                                          "4", "-r", "1", "-c", "4", "-1", pty.b});
    INFO(over_rtu.output);
    CHECK(over_rtu.status == 0);
    CHECK_THAT(over_rtu.output, Catch::Contains("[1]: \t17236") || Catch::Contains("[1]: 17236"));
    // A write to a register that is not the trigger is refused with an exception mbpoll reports.
    const auto refused = run_command("/usr/bin/mbpoll", {"-m", "tcp", "-p", std::to_string(sim.server->modbus_port(0)),
                                                         "-a", "1", "-t", "4", "-r", "257", "-1", "127.0.0.1", "5"});
    CHECK(refused.status != 0);
}
