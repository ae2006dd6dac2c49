// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Posts every notice to every configured webhook: queued durably (nothing lost across restarts),
// signed, retried with exponential backoff until delivered or max_attempts, each attempt logged.

#include <atomic>
#include <stop_token>
#include <string>
#include <vector>

#include "common/json_log.hpp"
#include "server/delivery/webhook_config.hpp"
#include "server/store/webhook_store.hpp"

namespace casetrail::delivery {

struct PostResult {
    bool delivered = false;
    std::string detail;  // "HTTP 204", or why it failed
};

// One signed POST; never throws for network trouble (that is a failed attempt).
PostResult post_notice(const WebhookConfig& hook, const std::string& body, std::int64_t notice_id, int attempt);

class WebhookDispatcher {
public:
    WebhookDispatcher(store::WebhookStore& store, std::vector<WebhookConfig> hooks, common::Logger log)
        : store_(store), hooks_(std::move(hooks)), log_(std::move(log)) {}

    // Queues new notices and makes the attempts that are due; returns how many attempts it made.
    int run_once();
    // Until `stop`: run_once every `interval_ms`.
    void run(std::stop_token stop, int interval_ms);
    // Passes run() has finished (read from any thread).
    std::uint64_t passes_done() const { return passes_.load(); }

private:
    store::WebhookStore& store_;
    std::vector<WebhookConfig> hooks_;
    common::Logger log_;
    std::atomic<std::uint64_t> passes_{0};
};

}  // namespace casetrail::delivery
