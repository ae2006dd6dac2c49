// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/custody_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/refusals.hpp"
#include "common/pg/values.hpp"
#include "server/store/record_rows.hpp"

namespace casetrail::store {

namespace {

constexpr const char* kPeriodColumns = R"sql(
    c.id, h.login, h.name, c.began_by, c.purpose, ct_us(c.due_back), ct_us(c.from_at), ct_us(c.to_at), o.login,
    cl.login, c.ended_by
  FROM custody_periods c JOIN staff h ON h.id = c.holder_id JOIN staff o ON o.id = c.opened_by
  LEFT JOIN staff cl ON cl.id = c.closed_by
)sql";
const std::string kPeriods =
    std::string("SELECT") + kPeriodColumns + " WHERE c.dossier_id = $1 ORDER BY c.from_at, c.id";
const std::string kOpenPeriod = std::string("SELECT") + kPeriodColumns + " WHERE c.dossier_id = $1 AND c.to_at IS NULL";
const std::string kPeriodById = std::string("SELECT") + kPeriodColumns + " WHERE c.id = $1";

constexpr const char* kHandoverColumns = R"sql(
    x.id, d.case_number, f.login, t.login, ct_us(x.initiated_at), ct_us(x.confirm_by), x.note, x.outcome,
    ct_us(x.outcome_at), b.login
  FROM handovers x JOIN dossiers d ON d.id = x.dossier_id JOIN staff f ON f.id = x.from_id
  JOIN staff t ON t.id = x.to_id LEFT JOIN staff b ON b.id = x.outcome_by
)sql";
const std::string kHandovers =
    std::string("SELECT") + kHandoverColumns + " WHERE x.dossier_id = $1 ORDER BY x.initiated_at, x.id";
const std::string kOpenHandover =
    std::string("SELECT") + kHandoverColumns + " WHERE x.dossier_id = $1 AND x.outcome IS NULL";
const std::string kHandoverById = std::string("SELECT") + kHandoverColumns + " WHERE x.id = $1";

// The open ones, newest first, optionally of one giver or receiver (by login).
const std::string kOpenHandovers = std::string("SELECT") + kHandoverColumns + R"sql(
 WHERE x.outcome IS NULL AND x.confirm_by > now() AND ($1::text IS NULL OR f.login = $1)
   AND ($2::text IS NULL OR t.login = $2)
 ORDER BY x.initiated_at DESC, x.id DESC LIMIT $3
)sql";
// Dossiers out with someone now, optionally of one holder, or only those past their due-back time:
// the most overdue first, then the longest out.
const std::string kOpenCheckouts = std::string("SELECT d.case_number, d.title, ct_us(now()),") + kPeriodColumns + R"sql(
  JOIN dossiers d ON d.id = c.dossier_id
 WHERE c.to_at IS NULL AND ($1::text IS NULL OR h.login = $1) AND (NOT $2 OR c.due_back < now())
 ORDER BY c.due_back NULLS LAST, c.from_at, c.id LIMIT $3
)sql";

constexpr const char* kLockDossier = "SELECT case_number FROM dossiers WHERE id = $1 FOR UPDATE";
constexpr const char* kOpenIds = R"sql(
SELECT (SELECT id FROM custody_periods WHERE dossier_id = $1 AND to_at IS NULL),
       (SELECT holder_id FROM custody_periods WHERE dossier_id = $1 AND to_at IS NULL),
       (SELECT id FROM handovers WHERE dossier_id = $1 AND outcome IS NULL)
)sql";
constexpr const char* kOpenPeriodInsert = R"sql(
INSERT INTO custody_periods (dossier_id, holder_id, began_by, purpose, due_back, from_at, opened_by)
VALUES ($1, $2, $3, $4, ct_from_us($5), now(), $6) RETURNING id
)sql";
constexpr const char* kClosePeriod = R"sql(
UPDATE custody_periods SET to_at = now(), closed_by = $2, ended_by = $3 WHERE id = $1
)sql";
constexpr const char* kInsertHandover = R"sql(
INSERT INTO handovers (dossier_id, from_id, to_id, initiated_at, confirm_by, note)
VALUES ($1, $2, $3, now(), ct_from_us($4), $5) RETURNING id
)sql";
constexpr const char* kLockHandover = R"sql(
SELECT dossier_id, from_id, to_id, outcome, confirm_by <= now() FROM handovers WHERE id = $1 FOR UPDATE
)sql";
constexpr const char* kSetOutcome = R"sql(
UPDATE handovers SET outcome = $2, outcome_at = now(), outcome_by = $3 WHERE id = $1
)sql";
constexpr const char* kExpire = R"sql(
UPDATE handovers SET outcome = 'expired', outcome_at = confirm_by
WHERE outcome IS NULL AND confirm_by <= now()
RETURNING id
)sql";
constexpr const char* kDueBackOf = "SELECT purpose, ct_us(due_back) FROM custody_periods WHERE id = $1";

// The period columns (kPeriodColumns) from column `at` on.
CustodyPeriodRecord period_from(const pqxx::row& row, int at = 0) {
    CustodyPeriodRecord p;
    p.id = row[at + 0].as<std::int64_t>();
    p.holder = row[at + 1].as<std::string>();
    p.holder_name = row[at + 2].as<std::string>();
    p.began_by = row[at + 3].as<std::string>();
    p.purpose = pg::optional_string(row[at + 4]);
    if (!row[at + 5].is_null()) p.due_back = pg::time_from_us(row[at + 5]);
    p.from_at = pg::time_from_us(row[at + 6]);
    if (!row[at + 7].is_null()) p.to_at = pg::time_from_us(row[at + 7]);
    p.opened_by = row[at + 8].as<std::string>();
    p.closed_by = pg::optional_string(row[at + 9]);
    p.ended_by = pg::optional_string(row[at + 10]);
    return p;
}

HandoverRecord handover_from(const pqxx::row& row) {
    HandoverRecord h;
    h.id = row[0].as<std::int64_t>();
    h.case_number = row[1].as<std::string>();
    h.from = row[2].as<std::string>();
    h.to = row[3].as<std::string>();
    h.initiated_at = pg::time_from_us(row[4]);
    h.confirm_by = pg::time_from_us(row[5]);
    h.note = pg::optional_string(row[6]);
    h.outcome = pg::optional_string(row[7]);
    if (!row[8].is_null()) h.outcome_at = pg::time_from_us(row[8]);
    h.outcome_by = pg::optional_string(row[9]);
    return h;
}

struct OpenIds {
    std::optional<std::int64_t> period, holder, handover;
};

OpenIds open_ids(pqxx::work& tx, std::int64_t dossier_id) {
    const auto r = tx.exec_params1(kOpenIds, dossier_id);
    OpenIds o;
    if (!r[0].is_null()) o.period = r[0].as<std::int64_t>();
    if (!r[1].is_null()) o.holder = r[1].as<std::int64_t>();
    if (!r[2].is_null()) o.handover = r[2].as<std::int64_t>();
    return o;
}

// Handovers past their time are expired before any change, so that a stale one blocks nothing.
void expire(pqxx::work& tx) { tx.exec(kExpire); }

// An open handover locked for a change by `actor`: StoreUnknown for an unknown id, StoreConflict when it
// has an outcome already (and when, for an expired one).
struct LockedHandover {
    std::int64_t dossier_id = 0, from_id = 0, to_id = 0, actor_id = 0;
    HandoverRecord record;
};

LockedHandover lock_open_handover(pqxx::work& tx, std::int64_t handover_id, const std::string& actor) {
    expire(tx);
    const auto r = tx.exec_params(kLockHandover, handover_id);
    if (r.empty()) throw pg::StoreUnknown("no handover has the id " + std::to_string(handover_id));
    LockedHandover h;
    h.dossier_id = r[0][0].as<std::int64_t>();
    h.from_id = r[0][1].as<std::int64_t>();
    h.to_id = r[0][2].as<std::int64_t>();
    tx.exec_params(kLockDossier, h.dossier_id);
    h.actor_id = acting_staff_id(tx, actor);
    h.record = handover_from(tx.exec_params1(kHandoverById, handover_id));
    if (const auto& outcome = h.record.outcome) {
        throw pg::StoreConflict(
            "handover " + std::to_string(handover_id) + " is " + *outcome + " already" +
            (*outcome == "expired" ? " (not confirmed by " + common::format_utc(h.record.confirm_by) + ")" : ""));
    }
    return h;
}

}  // namespace

CustodyState CustodyStore::state(std::int64_t dossier_id) {
    expire_overdue();
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        CustodyState s;
        if (const auto r = tx.exec_params(kOpenPeriod, dossier_id); !r.empty()) s.current = period_from(r[0]);
        if (const auto r = tx.exec_params(kOpenHandover, dossier_id); !r.empty()) s.open_handover = handover_from(r[0]);
        return s;
    });
}

std::vector<CustodyPeriodRecord> CustodyStore::periods(std::int64_t dossier_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<CustodyPeriodRecord> out;
        for (const auto& row : tx.exec_params(kPeriods, dossier_id)) out.push_back(period_from(row));
        return out;
    });
}

std::vector<HandoverRecord> CustodyStore::handovers(std::int64_t dossier_id) {
    expire_overdue();
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<HandoverRecord> out;
        for (const auto& row : tx.exec_params(kHandovers, dossier_id)) out.push_back(handover_from(row));
        return out;
    });
}

std::vector<HandoverRecord> CustodyStore::open_handovers(const std::optional<std::string>& from,
                                                         const std::optional<std::string>& to, int limit) {
    expire_overdue();
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<HandoverRecord> out;
        for (const auto& row : tx.exec_params(kOpenHandovers, from, to, limit)) out.push_back(handover_from(row));
        return out;
    });
}

std::vector<OpenCheckout> CustodyStore::open_checkouts(const std::optional<std::string>& holder, bool overdue_only,
                                                       int limit) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<OpenCheckout> out;
        for (const auto& row : tx.exec_params(kOpenCheckouts, holder, overdue_only, limit)) {
            OpenCheckout o;
            o.case_number = row[0].as<std::string>();
            o.title = row[1].as<std::string>();
            const auto now = pg::time_from_us(row[2]);
            o.period = period_from(row, 3);
            o.overdue = o.period.due_back && *o.period.due_back < now;
            out.push_back(std::move(o));
        }
        return out;
    });
}

std::optional<HandoverRecord> CustodyStore::handover(std::int64_t handover_id) {
    expire_overdue();
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<HandoverRecord> {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(kHandoverById, handover_id);
        if (r.empty()) return std::nullopt;
        return handover_from(r[0]);
    });
}

CustodyPeriodRecord CustodyStore::check_out(std::int64_t dossier_id, const std::string& holder,
                                            const std::string& purpose, TimePoint due_back, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        expire(tx);
        const auto case_number = tx.exec_params1(kLockDossier, dossier_id)[0].as<std::string>();
        const auto actor_id = acting_staff_id(tx, actor);
        const auto holder_id = active_staff_id(tx, holder);
        const auto open = open_ids(tx, dossier_id);
        if (open.period) {
            const auto p = period_from(tx.exec_params1(kPeriodById, *open.period));
            throw pg::StoreConflict(case_number + " is held by " + p.holder + " since " +
                                    common::format_utc(p.from_at) + "; it must be checked in (or handed over) first");
        }
        const auto id = pg::translating_refusals(case_number + " was checked out meanwhile", "check-out refused", [&] {
            return tx
                .exec_params1(kOpenPeriodInsert, dossier_id, holder_id, "checkout", purpose,
                              common::to_epoch_us(due_back), actor_id)[0]
                .as<std::int64_t>();
        });
        auto p = period_from(tx.exec_params1(kPeriodById, id));
        tx.commit();
        return p;
    });
}

CustodyPeriodRecord CustodyStore::check_in(std::int64_t dossier_id, const std::string& actor,
                                           std::optional<std::int64_t> expected) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        expire(tx);
        const auto case_number = tx.exec_params1(kLockDossier, dossier_id)[0].as<std::string>();
        const auto actor_id = acting_staff_id(tx, actor);
        const auto open = open_ids(tx, dossier_id);
        if (open.period != expected) {
            throw pg::StoreConflict("the custody of " + case_number + " changed meanwhile; look again and retry");
        }
        if (!open.period) throw pg::StoreConflict(case_number + " is not checked out: it is in the archive");
        if (open.handover) {
            throw pg::StoreConflict(case_number + " is in transit (handover " + std::to_string(*open.handover) +
                                    "): it must be confirmed or cancelled first");
        }
        pg::translating_refusals(case_number + " changed meanwhile", "a check-out cannot end in the moment it began",
                                 [&] { return tx.exec_params(kClosePeriod, *open.period, actor_id, "checkin"); });
        auto p = period_from(tx.exec_params1(kPeriodById, *open.period));
        tx.commit();
        return p;
    });
}

HandoverRecord CustodyStore::start_handover(std::int64_t dossier_id, const std::string& to, TimePoint confirm_by,
                                            const std::optional<std::string>& note, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        expire(tx);
        const auto case_number = tx.exec_params1(kLockDossier, dossier_id)[0].as<std::string>();
        const auto actor_id = acting_staff_id(tx, actor);
        const auto to_id = active_staff_id(tx, to);
        const auto open = open_ids(tx, dossier_id);
        if (!open.period) throw pg::StoreConflict(case_number + " is in the archive: check it out to someone instead");
        // The handover's giver is the holder: nobody hands over a file in someone else's name.
        if (*open.holder != actor_id) {
            const auto holder =
                tx.exec_params1("SELECT login FROM staff WHERE id = $1", *open.holder)[0].as<std::string>();
            throw pg::StoreConflict("only " + holder + ", who holds " + case_number + ", can hand it over");
        }
        if (open.handover) {
            throw pg::StoreConflict(case_number + " is already being handed over (handover " +
                                    std::to_string(*open.handover) + ")");
        }
        if (*open.holder == to_id) throw pg::StoreConflict(to + " holds " + case_number + " already");
        const auto id =
            pg::translating_refusals(case_number + " is being handed over meanwhile", "handover refused", [&] {
                return tx
                    .exec_params1(kInsertHandover, dossier_id, *open.holder, to_id, common::to_epoch_us(confirm_by),
                                  note)[0]
                    .as<std::int64_t>();
            });
        auto h = handover_from(tx.exec_params1(kHandoverById, id));
        tx.commit();
        return h;
    });
}

HandoverRecord CustodyStore::confirm_handover(std::int64_t handover_id, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto locked = lock_open_handover(tx, handover_id, actor);
        const auto dossier_id = locked.dossier_id, to_id = locked.to_id, actor_id = locked.actor_id;
        const auto& current = locked.record;
        if (actor_id != to_id)
            throw pg::StoreConflict("only " + current.to + ", the receiver, can confirm handover " +
                                    std::to_string(handover_id));
        // The giver's period ends and the receiver's begins, at the same moment; the check-out's purpose and
        // due date go with the file.
        const auto open = open_ids(tx, dossier_id);
        const auto carried = tx.exec_params1(kDueBackOf, *open.period);
        pg::translating_refusals("custody changed meanwhile",
                                 "a handover cannot be confirmed in the moment the custody began",
                                 [&] { return tx.exec_params(kClosePeriod, *open.period, actor_id, "handover"); });
        std::optional<std::int64_t> due_back;
        if (!carried[1].is_null()) due_back = carried[1].as<std::int64_t>();
        tx.exec_params(kOpenPeriodInsert, dossier_id, to_id, "handover", pg::optional_string(carried[0]), due_back,
                       actor_id);
        tx.exec_params(kSetOutcome, handover_id, "confirmed", actor_id);
        auto h = handover_from(tx.exec_params1(kHandoverById, handover_id));
        tx.commit();
        return h;
    });
}

HandoverRecord CustodyStore::cancel_handover(std::int64_t handover_id, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto locked = lock_open_handover(tx, handover_id, actor);
        const auto& current = locked.record;
        const auto actor_id = locked.actor_id;
        if (actor_id != locked.from_id && actor_id != locked.to_id) {
            throw pg::StoreConflict("only " + current.from + " or " + current.to + " can cancel handover " +
                                    std::to_string(handover_id));
        }
        tx.exec_params(kSetOutcome, handover_id, "cancelled", actor_id);
        auto h = handover_from(tx.exec_params1(kHandoverById, handover_id));
        tx.commit();
        return h;
    });
}

std::vector<HandoverRecord> CustodyStore::expire_overdue() {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        std::vector<HandoverRecord> out;
        for (const auto& row : tx.exec(kExpire)) {
            out.push_back(handover_from(tx.exec_params1(kHandoverById, row[0].as<std::int64_t>())));
        }
        tx.commit();
        return out;
    });
}

}  // namespace casetrail::store
