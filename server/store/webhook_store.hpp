// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The webhook queue: every notice queued once per configured webhook (a cursor per webhook, starting at
// the notices that exist when the webhook is first seen), then attempted until delivered or given up.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/alert_records.hpp"

namespace casetrail::store {

class WebhookStore {
public:
    explicit WebhookStore(pg::ConnectionPool& pool) : pool_(pool) {}

    // Queues the notices `webhook` has not had yet; returns how many.
    int enqueue(const std::string& webhook);
    // Pending deliveries due now, oldest notice first.
    std::vector<QueuedWebhook> due(const std::string& webhook, int limit);
    // Records attempt number `attempt`: delivered, or failed and retried after `retry_after_s` (nullopt:
    // given up). Logged in alert_deliveries either way.
    void record(const std::string& webhook, const std::string& target, std::int64_t notice_id, int attempt,
                bool delivered, const std::string& detail, std::optional<int> retry_after_s);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
