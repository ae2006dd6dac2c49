// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Posts every notice to every configured webhook: queued durably (nothing lost across restarts),
// signed, over verified TLS, retried with exponential backoff until delivered or max_attempts, each
// attempt logged.

#include <atomic>
#include <stop_token>
#include <string>
#include <vector>

#include "common/json_log.hpp"
#include "server/delivery/webhook_config.hpp"
#include "server/delivery/webhook_post.hpp"
#include "server/store/webhook_store.hpp"

namespace casetrail::delivery {

class WebhookDispatcher {
public:
    // Throws common::ConfigError when a webhook's CA file cannot be used (WebhookPoster).
    WebhookDispatcher(store::WebhookStore& store, const std::vector<WebhookConfig>& hooks, common::Logger log);

    // Queues new notices and makes the attempts that are due; returns how many attempts it made.
    int run_once();
    // Until `stop`: run_once every `interval_ms`.
    void run(std::stop_token stop, int interval_ms);
    // Passes run() has finished (read from any thread).
    std::uint64_t passes_done() const { return passes_.load(); }

private:
    store::WebhookStore& store_;
    std::vector<WebhookPoster> hooks_;
    common::Logger log_;
    std::atomic<std::uint64_t> passes_{0};
};

}  // namespace casetrail::delivery
