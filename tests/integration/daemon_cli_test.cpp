// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Every daemon has --help and --version, and stops at start-up on a bad config with a clear message.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include <catch2/catch.hpp>

#include "tests/support/processes.hpp"

using namespace casetrail::test;

TEST_CASE("daemons and the CLI answer --help and --version", "[cli]") {
    for (const char* name : {"casetrail-server", "casetrail-gateway", "casetrail-reader-sim", "casetrail"}) {
        INFO(name);
        auto help = run_command(bin_path(name), {"--help"});
        CHECK(help.status == 0);
        CHECK_THAT(help.output, Catch::StartsWith("usage: "));
        auto version = run_command(bin_path(name), {"--version"});
        CHECK(version.status == 0);
        CHECK_THAT(version.output, Catch::StartsWith(std::string(name) + " "));
        auto bad = run_command(bin_path(name), {"--no-such-option"});
        CHECK(bad.status == 2);
        CHECK_THAT(bad.output, Catch::Contains("unknown option --no-such-option"));
    }
}

TEST_CASE("every program prints its release and the commit it was built from", "[cli]") {
    // The sources' own commit, read here by git, not by the build's script.
    const auto head = run_command("/usr/bin/git", {"-C", CT_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"});
    const bool in_git = head.status == 0;
    const std::string commit = in_git ? head.output.substr(0, 12) : "unknown";
    const std::regex line(R"(^([a-z-]+) (\d+\.\d+\.\d+) \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n$)");
    for (const char* name :
         {"casetrail-server", "casetrail-gateway", "casetrail-reader-sim", "casetrail", "bench-ingest",
          "bench-accuracy", "bench-smoothing", "bench-baseline-server", "bench-sweep", "bench-alert-latency"}) {
        INFO(name);
        const auto r = run_command(bin_path(name), {"--version"});
        CHECK(r.status == 0);
        std::smatch m;
        REQUIRE(std::regex_match(r.output, m, line));
        CHECK(m[1] == name);
        CHECK(m[2] == CT_PROJECT_VERSION);
        INFO("built from " << m[3] << ", the sources are at " << commit << ": rebuild after a commit");
        CHECK(m[3].str().substr(0, commit.size()) == commit);
    }
}

TEST_CASE("bad config files stop start-up with the file, key and value named", "[cli]") {
    TempDir dir;
    dir.write("server.json", R"({"database": "x", "http": {"port": "eighty"}})");
    auto r = run_command(bin_path("casetrail-server"), {"serve", "--config", dir.file("server.json")});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains(dir.file("server.json") + ": http.port: must be an integer, not \"eighty\""));

    dir.write("sim.json", R"({"control": {"port": 0}, "readers": [{"tcp": {"port": 0}, "antennas": 4, "profile": ")" +
                              std::string(CT_SOURCE_DIR) + R"(/config/readers/casetrail-v1.json",
                             "tags": [{"epc": "E280", "antenna": 9}]}]})");
    r = run_command(bin_path("casetrail-reader-sim"), {"--config", dir.file("sim.json")});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("readers[0].tags[0].antenna: 9 is out of range 1..4"));

    dir.write(
        "gw.json",
        R"({"database": "x", "spool": {"dir": "/tmp/x"}, "readers": [{"id": "R1", "hots": "h", "antennas": {"1": "S"}}]})");
    r = run_command(bin_path("casetrail-gateway"), {"--config", dir.file("gw.json")});
    CHECK(r.status == 2);
    CHECK_THAT(r.output,
               Catch::Contains("readers[0].host: give exactly one of host (Modbus/TCP) and rtu (serial line)"));

    r = run_command(bin_path("casetrail-gateway"), {"--config", dir.file("missing.json")});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("missing.json: cannot open the file"));
}

TEST_CASE("the CLI reports an unreachable server and bad usage", "[cli]") {
    auto r = run_cli({"--url", "http://127.0.0.1:1", "where", "2026-CR-0001"});
    CHECK(r.status == 3);
    CHECK_THAT(r.output, Catch::Contains("cannot reach the Casetrail server"));
    r = run_cli({"--url", "ftp://x", "where", "A"});
    CHECK(r.status == 2);
    r = run_cli({"where"});
    CHECK(r.status == 2);
    CHECK(run_cli({"--url", "http://127.0.0.1:1", "--timeout", "0", "where", "A"}).status == 2);
}

TEST_CASE("the CLI gives up on a server that never answers", "[cli]") {
    // A socket that listens and never accepts: the kernel completes the connection, nobody answers.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    const auto url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_cli({"--url", url, "--timeout", "1", "where", "2026-CR-0001"});
    const auto took = std::chrono::steady_clock::now() - start;
    ::close(fd);
    CHECK(r.status == 3);
    CHECK_THAT(r.output, Catch::Contains("cannot reach the Casetrail server") && Catch::Contains("timed out"));
    CHECK(took < std::chrono::seconds(5));
}
