// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// TLS on by configuration: the server speaks only TLS on its port, the CLI verifies the certificate and
// its name, the notice stream works over it, and a certificate that cannot be used stops the start with
// the file named.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// A self-signed certificate for localhost and 127.0.0.1, made for the test.
void make_certificate(const TempDir& dir) {
    const auto r =
        run_command("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                                         "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                                         "-keyout", dir.file("key.pem"), "-out", dir.file("cert.pem")});
    REQUIRE(r.status == 0);
}

struct TlsServer {
    TempDir certs;
    std::unique_ptr<ServerProcess> s;
    TlsServer() {
        make_certificate(certs);
        s = std::make_unique<ServerProcess>(json{
            {"http",
             {{"port", 0},
              {"tls", {{"certificate_file", certs.file("cert.pem")}, {"private_key_file", certs.file("key.pem")}}}}}});
    }
    std::string url(const std::string& host = "127.0.0.1") const {
        return "https://" + host + ":" + std::to_string(s->port);
    }
};

}  // namespace

TEST_CASE("with TLS configured the server speaks TLS only, and the CLI verifies it", "[tls][e2e]") {
    TlsServer t;
    auto& s = *t.s;
    const std::vector<std::string> token = {"CASETRAIL_TOKEN=" + s.tokens.at("sun.hao")};

    auto r = run_command(bin_path("casetrail"),
                         {"--url", t.url(), "--ca-file", t.certs.file("cert.pem"), "where", "2026-CR-0001"}, token);
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("2026-CR-0001"));
    r = run_command(bin_path("casetrail"), {"--url", t.url("localhost"), "where", "2026-CR-0001"},
                    {token[0], "CASETRAIL_CA_FILE=" + t.certs.file("cert.pem")});
    CHECK(r.status == 0);
    // Not signed by anyone the client trusts: refused, nothing sent.
    r = run_command(bin_path("casetrail"), {"--url", t.url(), "where", "2026-CR-0001"}, token);
    CHECK(r.status == 3);
    CHECK_THAT(r.output, Catch::Contains("certificate verify failed"));
    // Plain HTTP on the TLS port gets no answer.
    CHECK(http_get(s.port, "/api/v1/health").status == 0);
    // And still every route needs a token.
    r = run_command(bin_path("casetrail"),
                    {"--url", t.url(), "--ca-file", t.certs.file("cert.pem"), "where", "2026-CR-0001"},
                    {"CASETRAIL_TOKEN="});
    CHECK(r.status == 6);
}

TEST_CASE("the notice stream works over TLS", "[tls][alerts][e2e]") {
    TlsServer t;
    auto& s = *t.s;
    // A passed deadline: the sweep at start sends wang.li an alert.
    s.db.exec(
        "INSERT INTO deadlines (dossier_id, kind, due_at) SELECT id, 'handling', now() - interval '1 day' "
        "FROM dossiers WHERE case_number = '2026-CR-0002'");
    s.restart();
    const auto r =
        run_command(bin_path("casetrail"),
                    {"--url", t.url(), "--ca-file", t.certs.file("cert.pem"), "watch", "wang.li", "--count", "1"},
                    {"CASETRAIL_TOKEN=" + s.tokens.at("wang.li")});
    CHECK(r.status == 0);
    CHECK_THAT(r.output, Catch::Contains("2026-CR-0002"));
}

TEST_CASE("a TLS certificate or key that cannot be used stops the start, naming the file", "[tls][e2e]") {
    TempDir dir;
    TestDatabase db{TestDatabase::Setup::migrated};
    dir.write(
        "server.json",
        json{
            {"database", db.conninfo()},
            {"http",
             {{"port", 0},
              {"tls", {{"certificate_file", dir.file("missing.pem")}, {"private_key_file", dir.file("missing.key")}}}}}}
            .dump());
    auto r = run_command(bin_path("casetrail-server"), {"serve", "--config", dir.file("server.json")});
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("http.tls.certificate_file") && Catch::Contains("missing.pem"));
    // A key that is not the certificate's.
    make_certificate(dir);
    REQUIRE(run_command("/usr/bin/openssl", {"genpkey", "-algorithm", "RSA", "-out", dir.file("other.key")}).status ==
            0);
    dir.write(
        "server.json",
        json{{"database", db.conninfo()},
             {"http",
              {{"port", 0},
               {"tls", {{"certificate_file", dir.file("cert.pem")}, {"private_key_file", dir.file("other.key")}}}}}}
            .dump());
    r = run_command(bin_path("casetrail-server"), {"serve", "--config", dir.file("server.json")});
    CHECK(r.status != 0);
    CHECK_THAT(r.output, Catch::Contains("http.tls.private_key_file") && Catch::Contains("other.key") &&
                             Catch::Contains("mismatch"));
    // An unknown key in the tls object is named.
    dir.write("server.json",
              json{{"database", db.conninfo()},
                   {"http", {{"tls", {{"certificate_file", "a"}, {"private_key_file", "b"}, {"cipher", "x"}}}}}}
                  .dump());
    r = run_command(bin_path("casetrail-server"), {"serve", "--config", dir.file("server.json")});
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("cipher"));
}
