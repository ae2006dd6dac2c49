// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/gateway_config.hpp"

#include <cstdio>
#include <fstream>

#include <catch2/catch.hpp>

#include "common/config_reader.hpp"
#include "common/json_depth.hpp"

using casetrail::common::ConfigError;
using casetrail::gateway::load_gateway_config;

namespace {

struct ConfigFile {
    std::string path;
    explicit ConfigFile(const std::string& text) {
        char tmpl[] = "/tmp/casetrail-config-test.XXXXXX";
        const int fd = mkstemp(tmpl);
        close(fd);
        path = tmpl;
        std::ofstream(path) << text;
    }
    ~ConfigFile() { std::remove(path.c_str()); }
};

const std::string kProfile = std::string(CT_SOURCE_DIR) + "/config/readers/casetrail-v1.json";

// Config texts name the shipped Casetrail profile as PROFILE.
std::string with_profile(std::string text) {
    for (std::size_t at; (at = text.find("PROFILE")) != std::string::npos;) text.replace(at, 7, kProfile);
    return text;
}

std::string error_of(const std::string& text) {
    ConfigFile f(with_profile(text));
    try {
        load_gateway_config(f.path);
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        CHECK(msg.rfind(f.path + ": ", 0) == 0);  // every message names the file first
        return msg.substr(f.path.size() + 2);
    }
    FAIL("no error for: " << text);
    return "";
}

const std::string kReader = R"({"id": "R1", "host": "127.0.0.1", "port": 1502, "profile": ")" + kProfile +
                            R"(", "antennas": {"1": "HQ-R1-C1-S1"}})";

std::string with_reader(const std::string& reader, const std::string& extra = "") {
    return R"({"database": "dbname=x", "spool": {"dir": "/tmp/s"}, )" + extra + R"("readers": [)" + reader + "]}";
}

}  // namespace

TEST_CASE("a valid gateway config loads with defaults", "[config]") {
    ConfigFile f(with_profile(R"({"database": "dbname=x", "poll_interval_ms": 250, "spool": {"dir": "/var/spool/ct"},
        "smoothing": {"shelf": {"window": 5, "strong_margin_db": 4}, "desk": {"window": "adaptive", "arrive_reads": 1},
                      "portal": {"quiet_ms": 900, "miss_tolerance": 0.001}},
        "readers": [{"id": "R1", "host": "10.0.0.5", "profile": "PROFILE",
                     "antennas": {"1": "S1", "2": "S2", "3": {"location": "DESK", "role": "desk"},
                                  "4": {"location": "ROOM", "role": "portal-in", "portal": "D1"},
                                  "5": {"location": "ROOM", "role": "portal-out", "portal": "D1"}}}]})"));
    const auto cfg = load_gateway_config(f.path);
    CHECK(cfg.poll_interval == std::chrono::milliseconds(250));
    CHECK(cfg.smoothing.shelf.window_rounds == 5);
    CHECK(cfg.smoothing.shelf.strong_margin_db == 4);
    CHECK(cfg.smoothing.shelf.arrive_reads == 2);  // default kept beside the set fields
    CHECK(cfg.smoothing.desk.window_rounds == 0);
    CHECK(cfg.smoothing.desk.arrive_reads == 1);
    CHECK(cfg.smoothing.portal.quiet == std::chrono::milliseconds(900));
    CHECK(cfg.smoothing.portal.miss_tolerance == 0.001);
    CHECK(cfg.smoothing.portal.min_gap == std::chrono::milliseconds(200));
    CHECK(cfg.writer.batch_size == 2000);
    CHECK(cfg.writer.connections == 2);
    CHECK(cfg.spool.dir == "/var/spool/ct");
    CHECK(cfg.spool.max_bytes == 256u << 20);
    CHECK(cfg.spool.fsync_interval == std::chrono::milliseconds(10));
    CHECK(cfg.unbound.limits.max_tracked == 1000);
    CHECK(cfg.unbound.limits.events_per_minute == 300);
    CHECK(cfg.unbound.bindings_refresh == std::chrono::seconds(10));
    REQUIRE(cfg.readers.size() == 1);
    CHECK(cfg.readers[0].port == 502);
    CHECK(cfg.readers[0].unit_id == 1);
    const auto& ant = cfg.readers[0].antennas;
    REQUIRE(ant.size() == 5);
    CHECK((ant[0].port == 1 && ant[0].location_code == "S1" && ant[0].role == "shelf" && ant[0].portal.empty()));
    CHECK((ant[2].port == 3 && ant[2].location_code == "DESK" && ant[2].role == "desk"));
    CHECK(
        (ant[3].role == "portal-in" && ant[3].portal == "D1" && ant[4].role == "portal-out" && ant[4].portal == "D1"));
}

TEST_CASE("gateway config mistakes name the key and the value", "[config]") {
    CHECK(error_of("{").find("not valid JSON") != std::string::npos);
    CHECK(error_of(R"({"readers": [])").find("not valid JSON") != std::string::npos);
    CHECK(error_of(with_reader(kReader, R"("pol_interval_ms": 5, )")) ==
          "pol_interval_ms: is not a known setting (misspelt?)");
    CHECK(error_of(R"({"readers": [)" + kReader + "]}") == "database: is required but missing");
    CHECK(error_of(R"({"database": "x", "spool": {"dir": "/s"}, "readers": []})") == "readers: must not be empty");
    CHECK(error_of(R"({"database": "x", "readers": [)" + kReader + "]}") == "spool: is required but missing");
    CHECK(error_of(R"({"database": "x", "spool": {"dir": "/s", "max_mb": 0}, "readers": [)" + kReader + "]}") ==
          "spool.max_mb: 0 is out of range 1..1048576");
    CHECK(error_of(R"({"database": "x", "spool": {"dir": "/s", "max_mb": 1, "segment_kb": 1024}, "readers": [)" +
                   kReader + "]}") ==
          "spool.segment_kb: a segment must be at most half of max_mb, so that acknowledged segments can go");
    CHECK(error_of(R"({"database": "x", "spool": {"dir": "/s", "fsync": 1}, "readers": [)" + kReader + "]}") ==
          "spool.fsync: is not a known setting (misspelt?)");
    CHECK(error_of(with_reader(kReader, R"("poll_interval_ms": 10, )")) ==
          "poll_interval_ms: 10 is out of range 50..600000");
    CHECK(error_of(with_reader(kReader, R"("poll_interval_ms": "fast", )")) ==
          "poll_interval_ms: must be an integer, not \"fast\"");
    CHECK(error_of(with_reader(
              R"({"id": "R1", "host": "h", "port": 70000, "profile": "PROFILE", "antennas": {"1": "S"}})")) ==
          "readers[0].port: 70000 is out of range 1..65535");
    CHECK(error_of(with_reader(R"({"id": "R 1", "host": "h", "profile": "PROFILE", "antennas": {"1": "S"}})")) ==
          "readers[0].id: \"R 1\" must be 1..64 letters, digits, '.', '_' or '-'");
    CHECK(error_of(with_reader(R"({"id": "R1", "host": "h", "profile": "PROFILE", "antennas": {"0": "S"}})")) ==
          "readers[0].antennas.0: antenna ports are numbers 1..32");
    CHECK(error_of(with_reader(R"({"id": "R1", "host": "h", "profile": "PROFILE", "antennas": {"x": "S"}})")) ==
          "readers[0].antennas.x: antenna ports are numbers 1..32");
    CHECK(error_of(with_reader(R"({"id": "R1", "host": "h", "profile": "PROFILE", "antennas": {}})")) ==
          "readers[0].antennas: must map at least one antenna port to a location code");
    CHECK(error_of(
              with_reader(R"({"id": "R1", "host": "h", "profile": "PROFILE", "antennas": {"1": "S"}, "colour": 1})")) ==
          "readers[0].colour: is not a known setting (misspelt?)");
    CHECK(error_of(with_reader(kReader + ", " +
                               R"({"id": "R1", "host": "h2", "profile": "PROFILE", "antennas": {"1": "S"}})")) ==
          "readers[1].id: \"R1\" names two readers");
    CHECK(error_of(with_reader(
              kReader + ", " +
              R"({"id": "R2", "host": "127.0.0.1", "port": 1502, "profile": "PROFILE", "antennas": {"1": "S"}})")) ==
          "readers[1].host: another reader already uses 127.0.0.1:1502/1");
    CHECK(error_of(with_reader(kReader, R"("log_level": "loud", )")).find("log_level: unknown log level") == 0);
}

TEST_CASE("smoothing settings and antenna roles are checked, naming the key", "[config]") {
    auto reader = [](const std::string& antennas) {
        return with_reader(R"({"id": "R1", "host": "h", "profile": "PROFILE", "antennas": )" + antennas + "}");
    };
    CHECK(error_of(with_reader(kReader, R"("smoothing": {"confirm_rounds": 2}, )")) ==
          "smoothing.confirm_rounds: was replaced by per-role windows: see smoothing.shelf, smoothing.desk and "
          "smoothing.portal in config/README.md");
    CHECK(error_of(with_reader(kReader, R"("smoothing": {"shelf": {"window": 0}}, )")) ==
          "smoothing.shelf.window: 0 is out of range 1..40");
    CHECK(error_of(with_reader(kReader, R"("smoothing": {"shelf": {"window": "wide"}}, )")) ==
          "smoothing.shelf.window: must be an integer, not \"wide\"");
    CHECK(error_of(with_reader(kReader, R"("smoothing": {"shelf": {"min_window": 9, "max_window": 4}}, )")) ==
          "smoothing.shelf.max_window: must be at least min_window");
    CHECK(error_of(with_reader(kReader, R"("smoothing": {"shelf": {"miss_tolerance": 0.7}}, )")) ==
          "smoothing.shelf.miss_tolerance: 0.7 is out of range 1e-12..0.49");
    CHECK(error_of(with_reader(kReader, R"("smoothing": {"portal": {"quiet": 5}}, )")) ==
          "smoothing.portal.quiet: is not a known setting (misspelt?)");
    CHECK(error_of(reader(R"({"1": {"location": "S", "role": "door"}})")) ==
          "readers[0].antennas.1.role: \"door\" is not shelf, desk, portal-in or portal-out");
    CHECK(error_of(reader(R"({"1": {"location": "S", "role": "portal-in"}})")) ==
          "readers[0].antennas.1.portal: is required but missing");
    CHECK(error_of(reader(R"({"1": {"location": "S", "portal": "D1"}})")) ==
          "readers[0].antennas.1.portal: only portal-in and portal-out antennas belong to a doorway");
    CHECK(error_of(reader(R"({"1": {"location": "S", "role": "portal-in", "portal": "D1"},
                             "2": {"location": "S", "role": "portal-in", "portal": "D1"}})")) ==
          "readers[0].antennas: doorway \"D1\" has two portal-in antennas");
    CHECK(error_of(reader(R"({"1": {"location": "S", "role": "portal-in", "portal": "D1"}})")) ==
          "readers: doorway \"D1\" needs one portal-in and one portal-out antenna");
    CHECK(
        error_of(with_reader(
            R"({"id": "R1", "host": "h", "profile": "PROFILE", "antennas": {"1": {"location": "S", "role": "portal-in", "portal": "D1"}}},
                                  {"id": "R2", "host": "h2", "profile": "PROFILE", "antennas": {"1": {"location": "S", "role": "portal-out", "portal": "D1"}}})")) ==
        "readers[1].antennas: doorway \"D1\" has antennas on readers R1 and R2; both sides must be on one reader");
}

TEST_CASE("the shipped example gateway config loads", "[config]") {
    const auto cfg = load_gateway_config(std::string(CT_SOURCE_DIR) + "/config/gateway.example.json");
    REQUIRE(cfg.readers.size() == 2);
    CHECK(cfg.readers[1].antennas[0].role == "portal-in");
    CHECK(cfg.smoothing.shelf.window_rounds == 0);
}

TEST_CASE("a missing config file is named", "[config]") {
    try {
        load_gateway_config("/nonexistent/gateway.json");
        FAIL("loaded a missing file");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) == "/nonexistent/gateway.json: cannot open the file");
    }
}

TEST_CASE("a config file nested beyond reason is refused before parsing, naming the file", "[config]") {
    std::string deep = R"({"database": "x", "spool": {"dir": "/tmp"}, "readers": )";
    deep += std::string(100000, '[') + std::string(100000, ']') + "}";
    CHECK(error_of(deep) == "nested deeper than 64 levels");
    // Brackets inside strings do not count.
    CHECK_FALSE(casetrail::common::json_nested_deeper_than(
        R"({"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})", 2));
    CHECK(casetrail::common::json_nested_deeper_than(R"({"a": [[{"b": []}]]})", 4));  // five levels
    CHECK_FALSE(casetrail::common::json_nested_deeper_than(R"({"a": [[{"b": []}]]})", 5));
}

TEST_CASE("a number beyond what a double holds is named as bad JSON, not a crash", "[config]") {
    // Found by fuzzing: nlohmann's out_of_range escaped the parse_error handler and ended the process.
    CHECK_THAT(error_of("\n38e819"), Catch::StartsWith("not valid JSON: ") && Catch::Contains("38e819"));
    CHECK_THAT(error_of(R"({"database": "x", "poll_interval_ms": 1e400})"), Catch::StartsWith("not valid JSON: "));
}

TEST_CASE("the limits on unbound tags are read and checked, naming the key", "[config][unbound]") {
    ConfigFile f(with_reader(kReader, R"("unbound_tags": {"max_tracked": 50, "events_per_minute": 0,
                                                          "bindings_refresh_ms": 2000}, )"));
    const auto cfg = load_gateway_config(f.path);
    CHECK(cfg.unbound.limits.max_tracked == 50);
    CHECK(cfg.unbound.limits.events_per_minute == 0);
    CHECK(cfg.unbound.bindings_refresh == std::chrono::seconds(2));
    CHECK(error_of(with_reader(kReader, R"("unbound_tags": {"max_tracked": 5}, )")) ==
          "unbound_tags.max_tracked: 5 is out of range 10..1000000");
    CHECK(error_of(with_reader(kReader, R"("unbound_tags": {"events_per_minute": -1}, )")) ==
          "unbound_tags.events_per_minute: -1 is out of range 0..1000000");
    CHECK(error_of(with_reader(kReader, R"("unbound_tags": {"events_per_minute": 2.5}, )")) ==
          "unbound_tags.events_per_minute: must be an integer, not 2.5");
    CHECK(error_of(with_reader(kReader, R"("unbound_tags": {"bindings_refresh_ms": 10}, )")) ==
          "unbound_tags.bindings_refresh_ms: 10 is out of range 1000..3600000");
    CHECK(error_of(with_reader(kReader, R"("unbound_tags": {"max": 5}, )")) ==
          "unbound_tags.max: is not a known setting (misspelt?)");
}
