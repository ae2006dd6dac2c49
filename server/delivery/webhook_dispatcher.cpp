// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/delivery/webhook_dispatcher.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "common/pg/store_errors.hpp"
#include "common/version.hpp"
#include "server/delivery/webhook_signature.hpp"
#include "server/domain/alert_service.hpp"

namespace casetrail::delivery {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {
constexpr int kBatch = 50;
}

PostResult post_notice(const WebhookConfig& hook, const std::string& body, std::int64_t notice_id, int attempt) {
    // Asynchronous operations on a private io_context: Beast's timeouts apply only to those, and a
    // receiver that accepts and never answers must fail this attempt, not hang the dispatcher.
    net::io_context ioc;
    net::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, hook.path, 11};
    const auto timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    req.set(bhttp::field::host, hook.host);
    req.set(bhttp::field::user_agent, std::string("casetrail/") + common::kVersion);
    req.set(bhttp::field::content_type, "application/json; charset=utf-8");
    req.set("X-Casetrail-Timestamp", std::to_string(timestamp));
    req.set("X-Casetrail-Signature", webhook_signature(hook.secret, timestamp, body));
    req.set("Idempotency-Key", "casetrail-notice-" + std::to_string(notice_id));
    req.set("X-Casetrail-Attempt", std::to_string(attempt));
    req.body() = body;
    req.prepare_payload();
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    PostResult result{false, "no answer"};
    const auto fail = [&](const char* step, beast::error_code ec) {
        result = {false, std::string(step) + ": " + (ec == beast::error::timeout ? "timed out" : ec.message())};
    };
    // One deadline for the whole exchange.
    stream.expires_after(std::chrono::milliseconds(hook.timeout_ms));
    resolver.async_resolve(hook.host, std::to_string(hook.port),
                           [&](beast::error_code ec, const net::ip::tcp::resolver::results_type& r) {
                               if (ec) return fail("resolve", ec);
                               stream.async_connect(r, [&](beast::error_code ec2, const net::ip::tcp::endpoint&) {
                                   if (ec2) return fail("connect", ec2);
                                   bhttp::async_write(stream, req, [&](beast::error_code ec3, std::size_t) {
                                       if (ec3) return fail("send", ec3);
                                       bhttp::async_read(stream, buffer, res, [&](beast::error_code ec4, std::size_t) {
                                           if (ec4) return fail("answer", ec4);
                                           const auto status = res.result_int();
                                           result = {status >= 200 && status < 300, "HTTP " + std::to_string(status)};
                                           beast::error_code ignored;
                                           stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
                                       });
                                   });
                               });
                           });
    ioc.run();
    return result;
}

int WebhookDispatcher::run_once() {
    int attempts = 0;
    for (const auto& hook : hooks_) {
        store_.enqueue(hook.name);
        for (const auto& q : store_.due(hook.name, kBatch)) {
            const int attempt = q.attempts + 1;
            const auto body =
                domain::notice_json(q.notice).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            const auto result = post_notice(hook, body, q.notice.id, attempt);
            std::optional<int> retry_after;
            if (!result.delivered && attempt < hook.max_attempts) {
                const auto shift = std::min(attempt - 1, 20);
                retry_after =
                    static_cast<int>(std::min<long>(static_cast<long>(hook.backoff_s) << shift, kMaxBackoffS));
            }
            store_.record(hook.name, hook.url(), q.notice.id, attempt, result.delivered, result.detail, retry_after);
            ++attempts;
            if (!result.delivered) {
                log_.warn(retry_after ? "webhook delivery failed, will retry" : "webhook delivery given up",
                          {{"webhook", hook.name},
                           {"notice", q.notice.id},
                           {"attempt", attempt},
                           {"detail", result.detail},
                           {"retry_after_s", retry_after ? nlohmann::json(*retry_after) : nlohmann::json(nullptr)}});
                // The receiver is down: the rest of its batch would fail the same way, one timeout each.
                break;
            }
        }
    }
    return attempts;
}

void WebhookDispatcher::run(std::stop_token stop, int interval_ms) {
    std::mutex m;
    std::condition_variable_any wake;
    bool was_down = false;
    while (!stop.stop_requested()) {
        try {
            run_once();
            ++passes_;
            was_down = false;
        } catch (const pg::StoreUnavailable& e) {
            if (!was_down) log_.warn("webhooks paused: database unavailable", {{"error", e.what()}});
            was_down = true;
        } catch (const std::exception& e) {
            log_.error("webhook dispatch failed", {{"error", e.what()}});
        }
        std::unique_lock lock(m);
        wake.wait_for(lock, stop, std::chrono::milliseconds(interval_ms), [] { return false; });
    }
}

}  // namespace casetrail::delivery
