// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/delivery/webhook_dispatcher.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "common/pg/store_errors.hpp"
#include "server/domain/alert_service.hpp"

namespace casetrail::delivery {

namespace {
constexpr int kBatch = 50;
}

WebhookDispatcher::WebhookDispatcher(store::WebhookStore& store, const std::vector<WebhookConfig>& hooks,
                                     common::Logger log)
    : store_(store), log_(std::move(log)) {
    hooks_.reserve(hooks.size());
    for (const auto& h : hooks) hooks_.emplace_back(h);
}

int WebhookDispatcher::run_once() {
    int attempts = 0;
    for (const auto& poster : hooks_) {
        const auto& hook = poster.hook();
        store_.enqueue(hook.name);
        for (const auto& q : store_.due(hook.name, kBatch)) {
            const int attempt = q.attempts + 1;
            const auto body =
                domain::notice_json(q.notice).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            const auto result = poster.post(body, q.notice.id, attempt);
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
