// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/alert_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"
#include "server/store/alert_rows.hpp"
#include "server/store/record_rows.hpp"

namespace casetrail::store {

namespace {

const std::string kSelectAlert = std::string("SELECT") + kAlertColumns + " FROM alerts a ";

// $1 recipient, $2 state, $3 rule, $4 case number, $5 before id, $6 limit (NULL filters match all).
const std::string kList = kSelectAlert + R"sql(
WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM alert_notices n JOIN staff r ON r.id = n.staff_id
                                   WHERE n.alert_id = a.id AND r.login = $1))
  AND ($2::text IS NULL OR a.state = $2 OR ($2 = 'active' AND a.state <> 'resolved'))
  AND ($3::text IS NULL OR a.rule = $3)
  AND ($4::text IS NULL OR a.dossier_id = (SELECT id FROM dossiers WHERE case_number = $4))
  AND ($5::bigint IS NULL OR a.id < $5)
ORDER BY a.id DESC LIMIT $6
)sql";
const std::string kById = kSelectAlert + " WHERE a.id = $1";
const std::string kNoticesOf = "SELECT " + kNoticeColumns + kNoticeFrom + " WHERE n.alert_id = $1 ORDER BY n.id";
const std::string kNoticesAfter =
    "SELECT " + kNoticeColumns + kNoticeFrom + " WHERE n.staff_id = $1 AND n.id > $2 ORDER BY n.id LIMIT $3";
constexpr const char* kDeliveriesOf = R"sql(
SELECT d.notice_id, d.channel, d.target, d.attempt, d.outcome, d.detail, ct_us(d.at)
FROM alert_deliveries d JOIN alert_notices n ON n.id = d.notice_id WHERE n.alert_id = $1 ORDER BY d.id
)sql";
constexpr const char* kLock = "SELECT state FROM alerts WHERE id = $1 FOR UPDATE";
constexpr const char* kIsRecipient = "SELECT 1 FROM alert_notices WHERE alert_id = $1 AND staff_id = $2 LIMIT 1";
constexpr const char* kAcknowledge = R"sql(
UPDATE alerts SET state = 'acknowledged', acknowledged_at = ct_from_us($3), acknowledged_by = $2 WHERE id = $1
)sql";
constexpr const char* kResolve = R"sql(
UPDATE alerts SET state = 'resolved', resolved_at = ct_from_us($3), resolved_by = $2, resolution = 'by_hand', note = $4
WHERE id = $1
)sql";
// The others who were told of it hear that it is resolved.
constexpr const char* kResolvedNotices = R"sql(
INSERT INTO alert_notices (alert_id, staff_id, kind, created_at)
SELECT DISTINCT alert_id, staff_id, 'resolved', ct_from_us($2) FROM alert_notices
WHERE alert_id = $1 AND kind IN ('raised', 'escalated') AND staff_id <> $3
ON CONFLICT DO NOTHING
)sql";
constexpr const char* kLogDeliveries = R"sql(
INSERT INTO alert_deliveries (notice_id, channel, target, attempt, outcome, detail)
SELECT unnest($1::bigint[]), $2, $3, $4, $5, $6
)sql";

std::int64_t staff_id(pqxx::transaction_base& tx, const std::string& login) {
    const auto r = tx.exec_params("SELECT id FROM staff WHERE login = $1", login);
    if (r.empty()) throw pg::StoreUnknown("no staff member has the login \"" + login + "\"");
    return r[0][0].as<std::int64_t>();
}

// The alert locked for a change by `actor`, who must be one it was sent to.
std::int64_t lock_for_change(pqxx::work& tx, std::int64_t id, const std::string& actor, const std::string& what) {
    const auto r = tx.exec_params(kLock, id);
    if (r.empty()) throw pg::StoreUnknown("no alert has the id " + std::to_string(id));
    const auto actor_id = acting_staff_id(tx, actor);
    if (r[0][0].as<std::string>() == "resolved")
        throw pg::StoreConflict("alert " + std::to_string(id) + " is resolved already");
    if (tx.exec_params(kIsRecipient, id, actor_id).empty()) {
        throw pg::StoreConflict(actor + " cannot " + what + " alert " + std::to_string(id) +
                                ": it was not sent to them");
    }
    return actor_id;
}

}  // namespace

std::vector<AlertRecord> AlertStore::list(const AlertFilter& f) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        if (f.recipient) staff_id(tx, *f.recipient);
        std::vector<AlertRecord> out;
        for (const auto& row :
             tx.exec_params(kList, f.recipient, f.state, f.rule, f.case_number, f.before_id, f.limit)) {
            out.push_back(alert_from(row));
        }
        return out;
    });
}

std::optional<AlertRecord> AlertStore::get(std::int64_t id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<AlertRecord> {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(kById, id);
        if (r.empty()) return std::nullopt;
        return alert_from(r[0]);
    });
}

std::vector<NoticeRecord> AlertStore::notices_of(std::int64_t alert_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<NoticeRecord> out;
        for (const auto& row : tx.exec_params(kNoticesOf, alert_id)) out.push_back(notice_from(row));
        return out;
    });
}

std::vector<DeliveryRecord> AlertStore::deliveries_of(std::int64_t alert_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<DeliveryRecord> out;
        for (const auto& row : tx.exec_params(kDeliveriesOf, alert_id)) {
            DeliveryRecord d;
            d.notice_id = row[0].as<std::int64_t>();
            d.channel = row[1].as<std::string>();
            d.target = row[2].as<std::string>();
            d.attempt = row[3].as<int>();
            d.outcome = row[4].as<std::string>();
            d.detail = pg::optional_string(row[5]);
            d.at = pg::time_from_us(row[6]);
            out.push_back(std::move(d));
        }
        return out;
    });
}

AlertRecord AlertStore::acknowledge(std::int64_t id, const std::string& actor, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = lock_for_change(tx, id, actor, "acknowledge");
        const auto current = alert_from(tx.exec_params1(kById, id));
        if (current.state == "acknowledged") {
            throw pg::StoreConflict("alert " + std::to_string(id) + " was acknowledged by " +
                                    current.acknowledged_by.value_or("?") + " at " +
                                    common::format_utc(*current.acknowledged_at));
        }
        tx.exec_params(kAcknowledge, id, actor_id, common::to_epoch_us(now));
        auto a = alert_from(tx.exec_params1(kById, id));
        tx.commit();
        return a;
    });
}

AlertRecord AlertStore::resolve(std::int64_t id, const std::string& actor, const std::string& note, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        lock_notice_order(tx);
        const auto actor_id = lock_for_change(tx, id, actor, "resolve");
        const auto now_us = common::to_epoch_us(now);
        tx.exec_params(kResolve, id, actor_id, now_us, note);
        tx.exec_params(kResolvedNotices, id, now_us, actor_id);
        auto a = alert_from(tx.exec_params1(kById, id));
        tx.commit();
        return a;
    });
}

std::vector<NoticeRecord> AlertStore::notices_after(const std::string& login, std::int64_t after, int limit) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        const auto id = staff_id(tx, login);
        std::vector<NoticeRecord> out;
        for (const auto& row : tx.exec_params(kNoticesAfter, id, after, limit)) out.push_back(notice_from(row));
        return out;
    });
}

void AlertStore::log_deliveries(const std::vector<std::int64_t>& notice_ids, const std::string& channel,
                                const std::string& target, int attempt, const std::string& outcome,
                                const std::optional<std::string>& detail) {
    if (notice_ids.empty()) return;
    auto lease = pool_.acquire();
    pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_params(kLogDeliveries, pg::int_array(notice_ids), channel, target, attempt, outcome, detail);
        tx.commit();
    });
}

}  // namespace casetrail::store
