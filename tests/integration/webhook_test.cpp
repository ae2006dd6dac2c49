// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: alert notices posted to a webhook receiver run by the test. The receiver checks the
// HMAC-SHA256 signature itself (OpenSSL, not the server's code), never answers the first attempt and
// fails the second, so the server must time out, back off and retry with the same idempotency key until
// it is taken, logging every attempt.

#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "tests/support/notice_client.hpp"
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

struct Received {
    std::string body, timestamp, signature, idempotency_key, attempt;
    bool signature_ok = false;
    std::chrono::steady_clock::time_point at;
};

// Never answers the first request (holding it 3 s), answers 500 to the next `failures - 1`, then 204;
// records each.
class Receiver {
public:
    explicit Receiver(int failures) : failures_(failures), acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] { serve(); });
    }
    ~Receiver() {
        stop_ = true;
        beast::error_code ignored;
        net::ip::tcp::socket poke(ioc_);
        poke.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }
    int port() const { return acceptor_.local_endpoint().port(); }
    std::vector<Received> received() {
        std::lock_guard lock(m_);
        return received_;
    }

private:
    void serve() {
        while (!stop_) {
            net::ip::tcp::socket socket(ioc_);
            beast::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stop_) continue;
            beast::flat_buffer buffer;
            bhttp::request<bhttp::string_body> req;
            bhttp::read(socket, buffer, req, ec);
            if (ec) continue;
            Received r;
            r.at = std::chrono::steady_clock::now();
            r.body = req.body();
            r.timestamp = std::string(req["X-Casetrail-Timestamp"]);
            r.signature = std::string(req["X-Casetrail-Signature"]);
            r.idempotency_key = std::string(req["Idempotency-Key"]);
            r.attempt = std::string(req["X-Casetrail-Attempt"]);
            r.signature_ok = r.signature == "sha256=" + hex_hmac(kSecret, r.timestamp + "." + r.body);
            bool fail = false, hang = false;
            {
                std::lock_guard lock(m_);
                received_.push_back(r);
                fail = static_cast<int>(received_.size()) <= failures_;
                hang = received_.size() == 1;
            }
            if (hang) {
                std::this_thread::sleep_for(3s);
                continue;  // closed without an answer
            }
            bhttp::response<bhttp::string_body> res{
                fail ? bhttp::status::internal_server_error : bhttp::status::no_content, 11};
            res.prepare_payload();
            bhttp::write(socket, res, ec);
        }
    }

    int failures_;
    net::io_context ioc_;
    net::ip::tcp::acceptor acceptor_;
    std::atomic<bool> stop_{false};
    std::mutex m_;
    std::vector<Received> received_;
    std::thread thread_;
};

}  // namespace

TEST_CASE(
    "webhooks: signed, retried with doubling backoff after the receiver hangs and fails, one idempotency key, every attempt logged",
    "[alerts][webhook][e2e]") {
    Receiver receiver(2);
    ServerProcess s({{"rules", {{"sweep_interval_s", 1}, {"event_poll_ms", 100}}},
                     {"webhooks",
                      {{{"name", "sms"},
                        {"url", "http://127.0.0.1:" + std::to_string(receiver.port()) + "/casetrail/alerts"},
                        {"allow_plain_http_loopback", true},
                        {"secret", kSecret},
                        {"backoff_s", 1},
                        {"timeout_ms", 1000}}}}});
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0002/deadlines",
                   {{"kind", "handling"},
                    {"due", casetrail::common::format_utc(std::chrono::system_clock::now() - 1h)},
                    {"by", "zhao.min"}})
                .status == 201);
    REQUIRE(wait_until([&] { return receiver.received().size() >= 3; }, 20s));
    wait_for_webhook_passes(s.port);  // delivered: no more attempts
    const auto got = receiver.received();
    REQUIRE(got.size() == 3);
    const auto now_s =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].signature_ok);
        CHECK(std::abs(now_s - std::stoll(got[i].timestamp)) < 300);
        CHECK(got[i].idempotency_key == got[0].idempotency_key);
        CHECK(got[i].attempt == std::to_string(i + 1));
    }
    const auto body = json::parse(got[2].body);
    CHECK(body["kind"] == "raised");
    CHECK(body["to"] == "wang.li");
    CHECK(body["alert"]["rule"] == "deadline");
    CHECK(got[0].idempotency_key == "casetrail-notice-" + std::to_string(body["notice"].get<long long>()));

    // Backoff: the first retry after backoff_s (1 s), the second after twice that.
    CHECK(got[1].at - got[0].at >= 900ms);
    CHECK(got[2].at - got[1].at >= 1900ms);

    const auto history = s.get("/api/v1/alerts/" + std::to_string(body["alert"]["id"].get<long long>())).body;
    std::vector<std::string> outcomes;
    for (const auto& d : history["deliveries"]) {
        if (d["channel"] == "webhook")
            outcomes.push_back(d["outcome"].get<std::string>() + " " + d["detail"].get<std::string>());
    }
    CHECK(outcomes == std::vector<std::string>{"failed answer: timed out", "failed HTTP 500", "sent HTTP 204"});
}

TEST_CASE("alert details show where notices went (webhook URLs, WebSocket peers) to admins only",
          "[alerts][webhook][auth][e2e]") {
    Receiver receiver(1);
    // A receiver's URL often carries its own key: an address that must not reach everyone the alert reaches.
    const auto url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/casetrail/alerts?key=receivers-own-key";
    ServerProcess s({{"rules", {{"sweep_interval_s", 1}, {"event_poll_ms", 100}}},
                     {"webhooks",
                      {{{"name", "sms"},
                        {"url", url},
                        {"allow_plain_http_loopback", true},
                        {"secret", kSecret},
                        {"backoff_s", 1},
                        {"timeout_ms", 1000}}}}});
    NoticeClient wang(s.port, "wang.li");
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0002/deadlines",
                   {{"kind", "handling"},
                    {"due", casetrail::common::format_utc(std::chrono::system_clock::now() - 1h)},
                    {"by", "zhao.min"}})
                .status == 201);
    std::optional<json> notice = wang.next(10s);
    while (notice && (*notice)["alert"]["case_number"] != "2026-CR-0002") notice = wang.next(10s);
    REQUIRE(notice);
    const auto path = "/api/v1/alerts/" + std::to_string((*notice)["alert"]["id"].get<long long>());
    // Both channels' attempts are in the log (the admin's view).
    json admin;
    REQUIRE(wait_until(
        [&] {
            admin = s.get(path).body;
            std::set<std::string> channels;
            for (const auto& d : admin["deliveries"]) channels.insert(d["channel"].get<std::string>());
            return channels.size() == 2;
        },
        20s));
    for (const auto& d : admin["deliveries"]) {
        if (d["channel"] == "webhook") CHECK(d["target"] == url);
        if (d["channel"] == "websocket")
            CHECK_THAT(d["target"].get<std::string>(), Catch::StartsWith("websocket 127.0.0.1:"));
    }

    // The person it was sent to (and anyone else who may see the alert but is not an admin) sees which
    // channel, when and how it went, never where.
    for (const char* login : {"wang.li", "zhao.min"}) {
        INFO(login);
        const auto r = http_send(s.port, "GET", path, "", {"Authorization: Bearer " + s.token_for(login)});
        if (std::string(login) == "wang.li") REQUIRE(r.status == 200);
        if (r.status != 200) continue;
        const auto body = json::parse(r.body);
        REQUIRE(body["deliveries"].size() >= admin["deliveries"].size());
        for (const auto& d : body["deliveries"]) {
            CHECK(d["target"].is_null());
            CHECK(d["outcome"].is_string());
            CHECK(d["channel"].is_string());
        }
        CHECK_THAT(r.body, !Catch::Contains("receivers-own-key") &&
                               !Catch::Contains("127.0.0.1:" + std::to_string(receiver.port())) &&
                               !Catch::Contains("websocket 127.0.0.1"));
    }
}
