// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Internal to the store (brings in libpqxx): the columns of an alert and of a notice, read the same way
// by the alert, rule and webhook stores; and the lock that orders notices.

#include <string>

#include <pqxx/pqxx>

#include "common/pg/values.hpp"
#include "server/store/alert_records.hpp"

namespace casetrail::store {

// 19 columns; needs `alerts a` in the FROM clause.
inline constexpr const char* kAlertColumns = R"sql(
    a.id, a.rule, a.stage, a.state, a.subject_kind, a.subject_id,
    (SELECT case_number FROM dossiers WHERE id = a.dossier_id), (SELECT code FROM readers WHERE id = a.reader_id),
    (SELECT code FROM units WHERE id = a.unit_id), a.summary, a.details::text, ct_us(a.raised_at),
    ct_us(a.escalated_at), ct_us(a.acknowledged_at), (SELECT login FROM staff WHERE id = a.acknowledged_by),
    ct_us(a.resolved_at), (SELECT login FROM staff WHERE id = a.resolved_by), a.resolution, a.note
)sql";
inline constexpr int kAlertColumnCount = 19;

inline AlertRecord alert_from(const pqxx::row& row, int first = 0) {
    const auto f = [&](int i) { return row[first + i]; };
    const auto opt_time = [&](int i) -> std::optional<TimePoint> {
        if (f(i).is_null()) return std::nullopt;
        return pg::time_from_us(f(i));
    };
    AlertRecord a;
    a.id = f(0).as<std::int64_t>();
    a.rule = f(1).as<std::string>();
    a.stage = f(2).as<std::string>();
    a.state = f(3).as<std::string>();
    a.subject_kind = f(4).as<std::string>();
    a.subject_id = f(5).as<std::int64_t>();
    a.case_number = pg::optional_string(f(6));
    a.reader = pg::optional_string(f(7));
    a.unit = pg::optional_string(f(8));
    a.summary = f(9).as<std::string>();
    a.details = f(10).as<std::string>();
    a.raised_at = pg::time_from_us(f(11));
    a.escalated_at = opt_time(12);
    a.acknowledged_at = opt_time(13);
    a.acknowledged_by = pg::optional_string(f(14));
    a.resolved_at = opt_time(15);
    a.resolved_by = pg::optional_string(f(16));
    a.resolution = pg::optional_string(f(17));
    a.note = pg::optional_string(f(18));
    return a;
}

// A notice's own 4 columns followed by its alert's; needs `alert_notices n JOIN staff r ON r.id =
// n.staff_id JOIN alerts a ON a.id = n.alert_id`.
inline const std::string kNoticeColumns = std::string("n.id, n.kind, r.login, ct_us(n.created_at),") + kAlertColumns;
inline constexpr const char* kNoticeFrom =
    " FROM alert_notices n JOIN staff r ON r.id = n.staff_id JOIN alerts a ON a.id = n.alert_id ";

inline NoticeRecord notice_from(const pqxx::row& row, int first = 0) {
    NoticeRecord n;
    n.id = row[first].as<std::int64_t>();
    n.kind = row[first + 1].as<std::string>();
    n.recipient = row[first + 2].as<std::string>();
    n.at = pg::time_from_us(row[first + 3]);
    n.alert = alert_from(row, first + 4);
    return n;
}

// Every transaction that writes notices takes this lock first and holds it to its commit, so that notices
// become visible in the order of their ids: a reader resuming after id N can never miss a smaller one
// that commits later. A row lock only the server's role can take (an advisory lock is open to any login).
inline void lock_notice_order(pqxx::transaction_base& tx) { tx.exec("SELECT ct_lock_notice_order()"); }

}  // namespace casetrail::store
