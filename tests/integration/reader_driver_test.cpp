// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/drivers/reader_driver.hpp"

#include <atomic>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <modbus/modbus.h>
#include <catch2/catch.hpp>

#include "firmware-bridge/profiles/profile.hpp"
#include "firmware-bridge/simulator/reader_server.hpp"

using namespace casetrail;
using namespace casetrail::bridge;

namespace {

Profile casetrail_profile() { return load_profile(std::string(CT_SOURCE_DIR) + "/config/readers/casetrail-v1.json"); }

// The simulator, in this process, on ephemeral loopback ports.
struct SimulatedReader {
    std::atomic<bool> stop{false};
    std::unique_ptr<sim::ReaderServer> server;
    std::thread thread;

    explicit SimulatedReader(int tags) {
        sim::VirtualReaderSpec spec;
        spec.name = "R1";
        spec.profile = casetrail_profile();
        spec.identity = map::Identity{1, 0x0102, 8, "SIM-TEST"};
        for (int i = 1; i <= tags; ++i) {
            char epc[32];
            std::snprintf(epc, sizeof epc, "E2801160000000000000%04d", i);
            spec.tags.push_back(
                {epc, static_cast<std::uint16_t>((i - 1) % 8 + 1), static_cast<std::int16_t>(-500 - i), 1});
        }
        server = std::make_unique<sim::ReaderServer>(std::vector<sim::VirtualReaderSpec>{spec}, sim::ControlEndpoint{},
                                                     common::Logger("sim", common::LogLevel::error));
        server->listen();
        thread = std::thread([this] { server->run(stop); });
    }
    ~SimulatedReader() {
        stop = true;
        thread.join();
    }
    sim::TagField& field() { return server->field(0); }
    TcpReaderEndpoint endpoint() const {
        return {"127.0.0.1", server->modbus_port(0), 1, std::chrono::milliseconds(1000)};
    }
};

}  // namespace

TEST_CASE("the driver reads identity and inventory from the simulator over Modbus/TCP", "[driver][simulator]") {
    SimulatedReader reader(3);
    auto driver = make_modbus_tcp_driver(reader.endpoint(), casetrail_profile());
    const auto id = driver->open();
    REQUIRE(id.ok());
    CHECK(id.value().serial == "SIM-TEST");
    CHECK(id.value().antenna_count == 8);
    CHECK(id.value().firmware == 0x0102);

    const auto round = driver->poll();
    REQUIRE(round.ok());
    REQUIRE(round.value().tags.size() == 3);
    CHECK(round.value().tags[0].epc == "E28011600000000000000001");
    CHECK(round.value().tags[0].antenna == 1);
    CHECK(round.value().tags[2].rssi_decidbm == -503);
    const auto first_round = round.value().round;

    // The simulator's field is changed between rounds (the control socket does the same).
    // The server thread only reads the field while answering; this test changes it between polls.
    reader.field().move("E28011600000000000000002", 7);
    reader.field().remove("E28011600000000000000003");
    const auto next = driver->poll();
    REQUIRE(next.ok());
    CHECK(next.value().round == static_cast<std::uint16_t>(first_round + 1));
    REQUIRE(next.value().tags.size() == 2);
    CHECK(next.value().tags[1].antenna == 7);
}

TEST_CASE("a full field is read in several blocks of at most 125 registers", "[driver][simulator]") {
    SimulatedReader reader(500);
    auto driver = make_modbus_tcp_driver(reader.endpoint(), casetrail_profile());
    REQUIRE(driver->open().ok());
    const auto round = driver->poll();
    REQUIRE(round.ok());
    REQUIRE(round.value().tags.size() == 500);
    CHECK(round.value().tags[499].epc == "E28011600000000000000500");
}

TEST_CASE("the simulator refuses writes other than the trigger, and over-long reads", "[driver][simulator]") {
    SimulatedReader reader(1);
    modbus_t* ctx = modbus_new_tcp("127.0.0.1", reader.server->modbus_port(0));
    REQUIRE(modbus_connect(ctx) == 0);
    CHECK(modbus_write_register(ctx, 0x0100, 5) /* the tag list */ == -1);
    CHECK(errno == EMBXILADD);
    CHECK(modbus_write_register(ctx, 0x0020, 7) /* the trigger, wrong value */ == -1);
    CHECK(errno == EMBXILVAL);
    std::uint16_t regs[200];
    CHECK(modbus_read_registers(ctx, 0, 126, regs) == -1);      // past the Modbus limit: refused by libmodbus
    CHECK(modbus_read_registers(ctx, 0xFFFA, 10, regs) == -1);  // past the end of the register space
    CHECK(errno == EMBXILADD);
    CHECK(modbus_read_registers(ctx, 0, 12, regs) == 12);  // still serving after all that
    CHECK(regs[0] == 0x4354);                              // "CT"
    modbus_close(ctx);
    modbus_free(ctx);
}

TEST_CASE("an unreachable reader fails to connect, with the reason", "[driver]") {
    // A port that was just free: nothing listens there.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const auto port = ntohs(addr.sin_port);
    ::close(fd);

    auto driver = make_modbus_tcp_driver({"127.0.0.1", port, 1, std::chrono::milliseconds(300)}, casetrail_profile());
    const auto r = driver->open();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ReaderErrorKind::connect_failed);
    CHECK_THAT(r.error().message, Catch::Contains("127.0.0.1:" + std::to_string(port)));
    CHECK_FALSE(driver->is_open());
}

TEST_CASE("a reader that accepts but never answers times out within its timeout", "[driver]") {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    ::listen(fd, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);

    auto driver = make_modbus_tcp_driver({"127.0.0.1", ntohs(addr.sin_port), 1, std::chrono::milliseconds(300)},
                                         casetrail_profile());
    const auto start = std::chrono::steady_clock::now();
    const auto r = driver->open();
    const auto took = std::chrono::steady_clock::now() - start;
    ::close(fd);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ReaderErrorKind::timeout);
    CHECK(took < std::chrono::seconds(3));
    CHECK_FALSE(driver->is_open());  // dropped, so a late answer cannot be taken for the next one
}
