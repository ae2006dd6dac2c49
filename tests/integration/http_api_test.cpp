// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: the server process answers clear JSON errors for bad input, never a crash or a 500.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/processes.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/test_tokens.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {
struct Server {
    TestDatabase db{TestDatabase::Setup::seeded};
    TempDir dir;
    std::unique_ptr<ChildProcess> proc;
    int port = 0;
    Server() {
        dir.write("server.json",
                  nlohmann::json{{"database", db.conninfo()},
                                 {"http", {{"port", 0}, {"header_limit_bytes", 2048}, {"request_timeout_s", 2}}}}
                      .dump());
        proc = std::make_unique<ChildProcess>(
            bin_path("casetrail-server"),
            std::vector<std::string>{"serve", "--config", dir.file("server.json"), "--ready-file", dir.file("ready")},
            dir.file("server.log"));
        port = ready_port(dir.file("ready"), "http_port", *proc);
        authorize_seed_staff(port, db.conninfo(), tokens);
    }
    std::map<std::string, std::string> tokens;
    nlohmann::json error_of(const std::string& target, int expected_status) {
        const auto r = http_get(port, target);
        INFO(target << " -> " << r.status << " " << r.body);
        CHECK(r.status == expected_status);
        auto j = nlohmann::json::parse(r.body);
        CHECK(j["error"]["status"] == expected_status);
        CHECK(j["error"]["message"].is_string());
        return j;
    }
};
}  // namespace

TEST_CASE("the location API answers 200, 404 and 400 as it should", "[http][e2e]") {
    Server s;
    // A dossier never seen by a reader is found, with an unknown location.
    const auto ok = http_get(s.port, "/api/v1/dossiers/2026-CR-0001/location");
    REQUIRE(ok.status == 200);
    const auto j = nlohmann::json::parse(ok.body);
    CHECK(j["dossier"]["title"] == "Fraud case 1 诈骗案");
    CHECK(j["state"] == "unknown");
    CHECK(j["location"].is_null());
    CHECK(j["volumes"][0]["epc"] == "E28011600000000000000001");
    CHECK(http_get(s.port, "/api/v1/dossiers/e28011600000000000000002/location").status == 200);  // EPC, any case

    CHECK(s.error_of("/api/v1/dossiers/2099-XX-0001/location", 404)["error"]["code"] == "not_found");
    s.error_of("/api/v1/dossiers/FFFFFFFFFFFFFFFFFFFFFFFF/location", 404);  // a valid EPC nobody carries
    s.error_of("/api/v1/dossiers/2099-XX-0001/history", 404);
    s.error_of("/api/v1/dossiers/%ZZ/location", 400);
    s.error_of("/api/v1/dossiers/%C3%28/location", 400);                        // not UTF-8
    s.error_of("/api/v1/dossiers/a%01b/location", 400);                         // control character
    s.error_of("/api/v1/dossiers/%00/location", 400);                           // NUL
    s.error_of("/api/v1/dossiers/" + std::string(65, 'A') + "/location", 400);  // too long
    s.error_of("/api/v1/dossiers/%20x/location", 400);
    s.error_of("/api/v1/dossiers/2026-CR-0001/history?limit=0", 400);
    s.error_of("/api/v1/dossiers/2026-CR-0001/history?limit=501", 400);
    s.error_of("/api/v1/dossiers/2026-CR-0001/history?limit=99999999999999999999", 400);
    s.error_of("/api/v1/dossiers/2026-CR-0001/history?before=-3", 400);
    s.error_of("/api/v1/dossiers/2026-CR-0001/history?before=x", 400);
    s.error_of("/api/v1/dossiers/2026-CR-0001/nothing", 404);  // no such route
    s.error_of("/nothing/here", 404);

    CHECK(http_raw_status(s.port,
                          "DELETE /api/v1/dossiers/2026-CR-0001/location HTTP/1.1\r\nHost: x\r\n"
                          "Connection: close\r\n\r\n") == 405);
    CHECK(http_raw_status(s.port, "GARBAGE\r\n\r\n") == 400);
    CHECK(http_raw_status(s.port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n") == 413);
    // After all that the server is still up and healthy.
    const auto health = http_get(s.port, "/api/v1/health");
    CHECK(health.status == 200);
    CHECK(nlohmann::json::parse(health.body)["database"] == "ok");
    CHECK(s.proc->terminate() == 0);
    CHECK_THAT(s.proc->log(), !Catch::Contains("\"level\":\"error\""));
}

TEST_CASE("a slow client that never finishes its request is cut off", "[http][e2e]") {
    Server s;
    const auto start = std::chrono::steady_clock::now();
    CHECK(http_raw_status(s.port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n") == 0);  // no final CRLF
    CHECK(std::chrono::steady_clock::now() - start < 8s);
    CHECK(http_get(s.port, "/api/v1/health").status == 200);
}

TEST_CASE("the server answers 503, not a crash, when the database is gone", "[http][e2e]") {
    TempDir dir;
    dir.write("server.json",
              nlohmann::json{{"database", "host=/nonexistent port=1 user=x dbname=y"}, {"http", {{"port", 0}}}}.dump());
    ChildProcess server(bin_path("casetrail-server"),
                        {"serve", "--config", dir.file("server.json"), "--ready-file", dir.file("ready")},
                        dir.file("server.log"));
    const int port = ready_port(dir.file("ready"), "http_port", server);
    set_default_token(port, random_token());  // well formed: checking it needs the database
    CHECK(http_get(port, "/api/v1/dossiers/2026-CR-0001/location").status == 503);
    CHECK(http_get(port, "/api/v1/health").status == 503);
    CHECK(server.terminate() == 0);
}
