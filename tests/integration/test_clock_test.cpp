// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The test clock (--clock-file) is a hook for tests: the server as built and shipped refuses it unless
// the tests' switch is in its environment, and even then takes no offset beyond five years, nor a file
// that holds no number.

#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/processes.hpp"
#include "tests/support/test_database.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct ServerFiles {
    TestDatabase db{TestDatabase::Setup::migrated};
    TempDir dir;
    // The rules sweep every second: the clock is read at least that often.
    ServerFiles() {
        dir.write(
            "server.json",
            json{{"database", db.conninfo()}, {"http", {{"port", 0}}}, {"rules", {{"sweep_interval_s", 1}}}}.dump());
    }
    std::vector<std::string> args() const {
        return {"serve",           "--config",     dir.file("server.json"), "--ready-file",
                dir.file("ready"), "--clock-file", dir.file("clock")};
    }
    // The server's exit status within 15 s (-1: still running, serving), and what it said.
    std::pair<int, std::string> run(const std::string& env, const std::string& log) const {
        ChildProcess server(bin_path("casetrail-server"), args(), dir.file(log), {env});
        const int status = server.wait_exit(15s);
        return {status, server.log()};
    }
};

}  // namespace

TEST_CASE("the clock file in a production build is refused, and bounded where the tests allow it", "[clock][e2e]") {
    ServerFiles f;
    // An attacker who can write the file moves the server a month on: every handover expires, every
    // deadline passes.
    f.dir.write("clock", std::to_string(30 * 24 * 3600));
    // As the server runs in the field: no switch (the tests' own environment's is overridden), or one
    // that is not exactly 1.
    for (const std::string env : {"CASETRAIL_TEST_CLOCK=", "CASETRAIL_TEST_CLOCK=yes", "CASETRAIL_TEST_CLOCK=0"}) {
        INFO(env);
        const auto [status, log] = f.run(env, "refused.log");
        CHECK(status == 2);
        CHECK_THAT(
            log, Catch::Contains("--clock-file is a test hook, refused") && Catch::Contains("CASETRAIL_TEST_CLOCK=1"));
        CHECK_FALSE(std::filesystem::exists(f.dir.file("ready")));  // never listened
    }

    // With the switch: an offset beyond five years, or a file that holds no number, stops the start.
    f.dir.write("clock", "999999999");  // 31 years
    auto [status, log] = f.run(kTestClockEnv, "far.log");
    CHECK(status == 2);
    CHECK_THAT(log, Catch::Contains(f.dir.file("clock")) &&
                        Catch::Contains("\"999999999\" moves the clock more than") && Catch::Contains("5 years"));
    f.dir.write("clock", "-999999999");
    std::tie(status, log) = f.run(kTestClockEnv, "past.log");
    CHECK(status == 2);
    CHECK_THAT(log, Catch::Contains("5 years"));
    f.dir.write("clock", "next tuesday");
    std::tie(status, log) = f.run(kTestClockEnv, "words.log");
    CHECK(status == 2);
    CHECK_THAT(log, Catch::Contains(f.dir.file("clock")) && Catch::Contains("is not a whole number of seconds"));
    CHECK_FALSE(std::filesystem::exists(f.dir.file("ready")));

    // A good one: the server starts and says that its time is moved.
    f.dir.write("clock", "3600");
    ChildProcess server(bin_path("casetrail-server"), f.args(), f.dir.file("server.log"), {kTestClockEnv});
    ready_port(f.dir.file("ready"), "http_port", server);
    CHECK_THAT(server.log(), Catch::Contains("test clock in use") && Catch::Contains("\"offset_s\":3600"));
    // Out of bounds while it runs: refused, said, and the last good offset holds.
    f.dir.write("clock.new", "-999999999");
    std::filesystem::rename(f.dir.file("clock.new"), f.dir.file("clock"));
    CHECK(wait_until([&] { return server.log().find("clock file refused") != std::string::npos; }, 10s));
    CHECK_THAT(server.log(), Catch::Contains("the last offset holds") && Catch::Contains("\"offset_s\":3600"));
    CHECK(server.running());
}
