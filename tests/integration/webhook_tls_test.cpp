// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: webhooks go over TLS, to a receiver run by the test with a certificate made for it. The
// server posts only to a receiver whose certificate its CA file (or the system's store) vouches for and
// that was issued for the URL's host; every other one is refused at the handshake, nothing sent. A plain
// http:// webhook to another machine stops the server at start.

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "tests/support/receiver_hmac.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr const char* kSecret = "a shared secret of the SMS gateway";

// A self-signed certificate (its own CA) for `subject_alt_name`, as cert.pem and key.pem under `prefix`.
void make_certificate(const TempDir& dir, const std::string& prefix, const std::string& subject_alt_name) {
    const auto r =
        run_command("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                                         "/CN=receiver", "-addext", "subjectAltName=" + subject_alt_name, "-keyout",
                                         dir.file(prefix + "key.pem"), "-out", dir.file(prefix + "cert.pem")});
    REQUIRE(r.status == 0);
}

struct Received {
    std::string path, body;
    bool signature_ok = false;
};

// An HTTPS receiver on 127.0.0.1: answers 204 to every request that gets through the handshake, and
// counts the handshakes that did not.
class TlsReceiver {
public:
    TlsReceiver(const std::string& cert, const std::string& key)
        : ctx_(net::ssl::context::tls_server), acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
        ctx_.use_certificate_chain_file(cert);
        ctx_.use_private_key_file(key, net::ssl::context::pem);
        thread_ = std::thread([this] { serve(); });
    }
    ~TlsReceiver() {
        stop_ = true;
        beast::error_code ignored;
        net::ip::tcp::socket poke(ioc_);
        poke.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }
    TlsReceiver(const TlsReceiver&) = delete;
    TlsReceiver& operator=(const TlsReceiver&) = delete;

    int port() const { return acceptor_.local_endpoint().port(); }
    std::vector<Received> received() {
        std::lock_guard lock(m_);
        return received_;
    }
    int failed_handshakes() const { return failed_handshakes_.load(); }

private:
    void serve() {
        while (!stop_) {
            net::ip::tcp::socket socket(ioc_);
            beast::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stop_) continue;
            net::ssl::stream<net::ip::tcp::socket> stream(std::move(socket), ctx_);
            stream.handshake(net::ssl::stream_base::server, ec);
            if (ec) {
                ++failed_handshakes_;
                continue;
            }
            beast::flat_buffer buffer;
            bhttp::request<bhttp::string_body> req;
            bhttp::read(stream, buffer, req, ec);
            if (ec) continue;
            Received r;
            r.path = std::string(req.target());
            r.body = req.body();
            r.signature_ok = std::string(req["X-Casetrail-Signature"]) ==
                             "sha256=" + hex_hmac(kSecret, std::string(req["X-Casetrail-Timestamp"]) + "." + r.body);
            {
                std::lock_guard lock(m_);
                received_.push_back(r);
            }
            bhttp::response<bhttp::string_body> res{bhttp::status::no_content, 11};
            res.prepare_payload();
            bhttp::write(stream, res, ec);
        }
    }

    net::io_context ioc_;
    net::ssl::context ctx_;
    net::ip::tcp::acceptor acceptor_;
    std::atomic<bool> stop_{false};
    std::atomic<int> failed_handshakes_{0};
    std::mutex m_;
    std::vector<Received> received_;
    std::thread thread_;
};

json hook(const std::string& name, const std::string& url, const std::optional<std::string>& ca_file) {
    json h = {{"name", name}, {"url", url}, {"secret", kSecret}, {"max_attempts", 1}, {"timeout_ms", 3000}};
    if (ca_file) h["ca_file"] = *ca_file;
    return h;
}

}  // namespace

TEST_CASE("webhooks go over verified TLS only: an unknown CA, the system's store or another host's certificate refused",
          "[alerts][webhook][tls][e2e]") {
    TempDir certs;
    // The receiver's certificate is for 127.0.0.1 only; "stranger" is another self-signed one.
    make_certificate(certs, "receiver-", "IP:127.0.0.1");
    make_certificate(certs, "stranger-", "IP:127.0.0.1");
    TlsReceiver receiver(certs.file("receiver-cert.pem"), certs.file("receiver-key.pem"));
    const auto base = [&](const std::string& host) {
        return "https://" + host + ":" + std::to_string(receiver.port());
    };
    ServerProcess s({{"rules", {{"sweep_interval_s", 1}, {"event_poll_ms", 100}}},
                     {"webhooks",
                      {hook("trusted", base("127.0.0.1") + "/trusted", certs.file("receiver-cert.pem")),
                       hook("wrong-ca", base("127.0.0.1") + "/wrong-ca", certs.file("stranger-cert.pem")),
                       hook("system-ca", base("127.0.0.1") + "/system-ca", std::nullopt),
                       hook("wrong-name", base("localhost") + "/wrong-name", certs.file("receiver-cert.pem"))}}});
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0002/deadlines",
                   {{"kind", "handling"},
                    {"due", casetrail::common::format_utc(std::chrono::system_clock::now() - 1h)},
                    {"by", "zhao.min"}})
                .status == 201);
    json alert;
    REQUIRE(wait_until(
        [&] {
            for (const auto& r : receiver.received()) {
                const auto body = json::parse(r.body);
                if (body["alert"]["case_number"] == "2026-CR-0002") alert = body["alert"];
            }
            return alert.is_object();
        },
        20s));
    // Every webhook has had its one attempt at this alert's notice.
    const auto path = "/api/v1/alerts/" + std::to_string(alert["id"].get<long long>());
    std::map<std::string, std::string> outcome;  // by webhook path
    REQUIRE(wait_until(
        [&] {
            outcome.clear();
            const auto history = s.get(path).body;
            for (const auto& d : history["deliveries"]) {
                if (d["channel"] != "webhook") continue;
                const auto target = d["target"].get<std::string>();
                outcome[target.substr(target.rfind('/'))] =
                    d["outcome"].get<std::string>() + " " + d["detail"].get<std::string>();
            }
            return outcome.size() == 4;
        },
        20s));
    CHECK(outcome["/trusted"] == "sent HTTP 204");
    CHECK_THAT(outcome["/wrong-ca"], Catch::StartsWith("gave_up TLS handshake: ") &&
                                         Catch::Contains("certificate verify failed") &&
                                         Catch::Contains("signed certificate"));  // self-signed, not in the CA file
    CHECK_THAT(outcome["/system-ca"],
               Catch::StartsWith("gave_up TLS handshake: ") && Catch::Contains("certificate verify failed"));
    CHECK_THAT(outcome["/wrong-name"], Catch::StartsWith("gave_up TLS handshake: ") &&
                                           Catch::Contains("certificate verify failed") && Catch::Contains("mismatch"));
    // Nothing of the refused ones reached the receiver: their handshakes failed, no request was sent.
    for (const auto& r : receiver.received()) {
        CHECK(r.path == "/trusted");
        CHECK(r.signature_ok);
    }
    CHECK(receiver.failed_handshakes() >= 3);
}

TEST_CASE("a plain http webhook to another machine, or to this one unasked, stops the server at start",
          "[webhook][e2e]") {
    TestDatabase db{TestDatabase::Setup::migrated};
    TempDir dir;
    int runs = 0;
    const auto start = [&](const json& webhook) {
        dir.write("server.json",
                  json{{"database", db.conninfo()}, {"http", {{"port", 0}}}, {"webhooks", {webhook}}}.dump());
        ChildProcess server(bin_path("casetrail-server"), {"serve", "--config", dir.file("server.json")},
                            dir.file("server-" + std::to_string(++runs) + ".log"));
        const int status = server.wait_exit(15s);  // -1: it took the webhook and serves
        return std::make_pair(status, server.log());
    };
    auto [status, log] = start({{"name", "sms"}, {"url", "http://192.0.2.10:8080/hook"}, {"secret", kSecret}});
    CHECK(status == 2);
    CHECK_THAT(log, Catch::Contains("webhooks[0].url") && Catch::Contains("plain http is refused") &&
                        Catch::Contains("use https://"));
    // Even when told plain HTTP is fine: only to a loopback address.
    std::tie(status, log) = start({{"name", "sms"},
                                   {"url", "http://192.0.2.10:8080/hook"},
                                   {"secret", kSecret},
                                   {"allow_plain_http_loopback", true}});
    CHECK(status == 2);
    CHECK_THAT(log, Catch::Contains("plain http is refused"));
    std::tie(status, log) = start({{"name", "sms"}, {"url", "http://127.0.0.1:8080/hook"}, {"secret", kSecret}});
    CHECK(status == 2);
    CHECK_THAT(log, Catch::Contains("needs \"allow_plain_http_loopback\": true"));
    // A CA file that holds no certificate is named at start too.
    dir.write("not-a-ca.pem", "hello\n");
    std::tie(status, log) = start({{"name", "sms"},
                                   {"url", "https://192.0.2.10/hook"},
                                   {"secret", kSecret},
                                   {"ca_file", dir.file("not-a-ca.pem")}});
    CHECK(status == 2);
    CHECK_THAT(log, Catch::Contains("webhook sms: ca_file") && Catch::Contains("not-a-ca.pem"));
}
