#include "delivery/webhook_dispatcher.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "casetrail/support/version.hpp"
#include "delivery/webhook_signature.hpp"
#include "domain/alert_service.hpp"
#include "store/errors.hpp"

namespace casetrail::delivery {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {
constexpr int kBatch = 50;
}

PostResult post_notice(const WebhookConfig& hook, const std::string& body, std::int64_t notice_id, int attempt) {
    try {
        net::io_context ioc;
        net::ip::tcp::resolver resolver(ioc);
        beast::tcp_stream stream(ioc);
        const auto timeout = std::chrono::milliseconds(hook.timeout_ms);
        stream.expires_after(timeout);
        stream.connect(resolver.resolve(hook.host, std::to_string(hook.port)));
        const auto timestamp =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        bhttp::request<bhttp::string_body> req{bhttp::verb::post, hook.path, 11};
        req.set(bhttp::field::host, hook.host);
        req.set(bhttp::field::user_agent, std::string("casetrail/") + support::kVersion);
        req.set(bhttp::field::content_type, "application/json; charset=utf-8");
        req.set("X-Casetrail-Timestamp", std::to_string(timestamp));
        req.set("X-Casetrail-Signature", webhook_signature(hook.secret, timestamp, body));
        req.set("Idempotency-Key", "casetrail-notice-" + std::to_string(notice_id));
        req.set("X-Casetrail-Attempt", std::to_string(attempt));
        req.body() = body;
        req.prepare_payload();
        // The timeout covers the whole exchange: a receiver that accepts and never answers is a failure.
        bhttp::write(stream, req);
        beast::flat_buffer buffer;
        bhttp::response<bhttp::string_body> res;
        bhttp::read(stream, buffer, res);
        beast::error_code ignored;
        stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        const auto status = res.result_int();
        return {status >= 200 && status < 300, "HTTP " + std::to_string(status)};
    } catch (const std::exception& e) {
        return {false, e.what()};
    }
}

int WebhookDispatcher::run_once() {
    int attempts = 0;
    for (const auto& hook : hooks_) {
        store_.enqueue(hook.name);
        for (const auto& q : store_.due(hook.name, kBatch)) {
            const int attempt = q.attempts + 1;
            const auto body = domain::notice_json(q.notice).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            const auto result = post_notice(hook, body, q.notice.id, attempt);
            std::optional<int> retry_after;
            if (!result.delivered && attempt < hook.max_attempts) {
                const auto shift = std::min(attempt - 1, 20);
                retry_after = static_cast<int>(std::min<long>(static_cast<long>(hook.backoff_s) << shift, kMaxBackoffS));
            }
            store_.record(hook.name, hook.url(), q.notice.id, attempt, result.delivered, result.detail, retry_after);
            ++attempts;
            if (!result.delivered) {
                log_.warn(retry_after ? "webhook delivery failed, will retry" : "webhook delivery given up",
                          {{"webhook", hook.name}, {"notice", q.notice.id}, {"attempt", attempt}, {"detail", result.detail},
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
            was_down = false;
        } catch (const store::StoreUnavailable& e) {
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
