// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/webhook_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"
#include "server/store/alert_rows.hpp"

namespace casetrail::store {

namespace {

// A webhook seen for the first time starts after the newest notice: it is not flooded with the past.
constexpr const char* kStartCursor = R"sql(
INSERT INTO webhook_cursors (webhook, last_notice_id)
VALUES ($1, (SELECT coalesce(max(id), 0) FROM alert_notices)) ON CONFLICT DO NOTHING
)sql";
constexpr const char* kEnqueue = R"sql(
WITH c AS (SELECT last_notice_id FROM webhook_cursors WHERE webhook = $1 FOR UPDATE),
ins AS (
    INSERT INTO webhook_queue (notice_id, webhook, next_attempt_at)
    SELECT n.id, $1, now() FROM alert_notices n, c WHERE n.id > c.last_notice_id
    ON CONFLICT DO NOTHING RETURNING notice_id
)
UPDATE webhook_cursors w SET last_notice_id = coalesce((SELECT max(notice_id) FROM ins), w.last_notice_id)
WHERE w.webhook = $1 RETURNING (SELECT count(*) FROM ins)
)sql";
const std::string kDue = "SELECT q.attempts, " + kNoticeColumns + kNoticeFrom + R"sql(
JOIN webhook_queue q ON q.notice_id = n.id
WHERE q.webhook = $1 AND q.state = 'pending' AND q.next_attempt_at <= now()
ORDER BY n.id LIMIT $2
)sql";
constexpr const char* kDelivered = R"sql(
UPDATE webhook_queue SET attempts = $3, state = 'delivered' WHERE notice_id = $1 AND webhook = $2
)sql";
constexpr const char* kRetry = R"sql(
UPDATE webhook_queue SET attempts = $3, next_attempt_at = now() + $4 * interval '1 second'
WHERE notice_id = $1 AND webhook = $2
)sql";
constexpr const char* kGaveUp = R"sql(
UPDATE webhook_queue SET attempts = $3, state = 'failed' WHERE notice_id = $1 AND webhook = $2
)sql";
constexpr const char* kLog = R"sql(
INSERT INTO alert_deliveries (notice_id, channel, target, attempt, outcome, detail) VALUES ($1, 'webhook', $2, $3, $4, $5)
)sql";

}  // namespace

int WebhookStore::enqueue(const std::string& webhook) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_params(kStartCursor, webhook);
        const auto n = tx.exec_params1(kEnqueue, webhook)[0].as<int>();
        tx.commit();
        return n;
    });
}

std::vector<QueuedWebhook> WebhookStore::due(const std::string& webhook, int limit) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<QueuedWebhook> out;
        for (const auto& row : tx.exec_params(kDue, webhook, limit)) {
            QueuedWebhook q;
            q.attempts = row[0].as<int>();
            q.notice = notice_from(row, 1);
            out.push_back(std::move(q));
        }
        return out;
    });
}

void WebhookStore::record(const std::string& webhook, const std::string& target, std::int64_t notice_id, int attempt,
                          bool delivered, const std::string& detail, std::optional<int> retry_after_s) {
    auto lease = pool_.acquire();
    pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        if (delivered) {
            tx.exec_params(kDelivered, notice_id, webhook, attempt);
        } else if (retry_after_s) {
            tx.exec_params(kRetry, notice_id, webhook, attempt, *retry_after_s);
        } else {
            tx.exec_params(kGaveUp, notice_id, webhook, attempt);
        }
        tx.exec_params(kLog, notice_id, target, attempt,
                       delivered       ? "sent"
                       : retry_after_s ? "failed"
                                       : "gave_up",
                       detail);
        tx.commit();
    });
}

}  // namespace casetrail::store
