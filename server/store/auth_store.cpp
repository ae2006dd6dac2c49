// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/auth_store.hpp"

#include <nlohmann/json.hpp>

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"

namespace casetrail::store {

namespace {

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

// The person's unit and every unit below it come with the token, so that a request needs one round trip
// to know who asks and what they may see.
constexpr const char* kHolder = R"sql(
SELECT t.id, t.kind, t.staff_id, coalesce(s.login, t.machine), coalesce(u.code, ''),
       coalesce((SELECT json_agg(r.role ORDER BY r.role) FROM staff_roles r WHERE r.staff_id = s.id), '[]'::json)::text,
       CASE WHEN s.id IS NULL THEN '[]' ELSE (
           WITH RECURSIVE below AS (SELECT id, code FROM units WHERE id = s.unit_id
                                    UNION ALL SELECT c.id, c.code FROM units c JOIN below ON c.parent_id = below.id)
           SELECT json_agg(code ORDER BY code)::text FROM below) END
FROM api_tokens t
LEFT JOIN staff s ON s.id = t.staff_id
LEFT JOIN units u ON u.id = s.unit_id
WHERE t.token_hash = decode($1, 'hex') AND t.revoked_at IS NULL AND t.expires_at > ct_from_us($2)
  AND (t.staff_id IS NULL OR s.active)
)sql";

constexpr const char* kDossierWithin = R"sql(
SELECT EXISTS (SELECT 1 FROM dossiers d JOIN units u ON u.id = d.owning_unit_id
               WHERE d.id = $1 AND u.code = ANY ($2::text[]))
    OR ($3::bigint IS NOT NULL AND EXISTS (
            SELECT 1 FROM custody_periods WHERE dossier_id = $1 AND holder_id = $3 AND to_at IS NULL))
)sql";

constexpr const char* kCredential = R"sql(
SELECT s.id, s.active, c.password_hash, ct_us(c.locked_until), ct_us(f.locked_until)
FROM staff s LEFT JOIN credentials c ON c.staff_id = s.id
LEFT JOIN login_failures f ON f.staff_id = s.id AND f.remote = $2
WHERE s.login = $1
)sql";

// The login's row is locked first, by every statement that counts or clears failures, so that the
// failures of one login are counted one after the other (two parallel guesses cannot both read 4).
constexpr const char* kLockCredential = R"sql(
SELECT failed_count, ct_us(failures_since), ct_us(locked_until) FROM credentials WHERE staff_id = $1 FOR UPDATE
)sql";

// Rows that neither count (the last failure a lockout's length ago) nor lock any more.
constexpr const char* kForgetStale = R"sql(
DELETE FROM login_failures
WHERE staff_id = $1 AND last_failed_at <= ct_from_us($2) AND (locked_until IS NULL OR locked_until <= ct_from_us($3))
)sql";

constexpr const char* kCountAddress = R"sql(
INSERT INTO login_failures AS f (staff_id, remote, failed_count, last_failed_at) VALUES ($1, $2, 1, ct_from_us($3))
ON CONFLICT (staff_id, remote) DO UPDATE SET failed_count = f.failed_count + 1, last_failed_at = excluded.last_failed_at
RETURNING failed_count
)sql";

constexpr const char* kEvent = R"sql(
INSERT INTO auth_events (at, kind, login, actor_id, subject_id, token_id, remote, detail)
VALUES (ct_from_us($1), $2, $3, $4, $5, $6, $7, $8)
)sql";

constexpr const char* kInsertToken = R"sql(
INSERT INTO api_tokens (token_hash, kind, staff_id, machine, label, created_at, created_by, expires_at)
VALUES (decode($1, 'hex'), $2, $3, $4, $5, ct_from_us($6), $7, ct_from_us($8)) RETURNING id
)sql";

constexpr const char* kTokenColumns = R"sql(
SELECT t.id, t.kind, coalesce(s.login, t.machine), t.label, ct_us(t.created_at), c.login, ct_us(t.expires_at),
       ct_us(t.revoked_at), t.staff_id
FROM api_tokens t LEFT JOIN staff s ON s.id = t.staff_id JOIN staff c ON c.id = t.created_by
)sql";

std::vector<std::string> json_texts(const pqxx::field& f) {
    std::vector<std::string> out;
    for (const auto& v : nlohmann::json::parse(f.c_str())) out.push_back(v.get<std::string>());
    return out;
}

void write_event(pqxx::work& tx, const AuthEventRecord& e, TimePoint now) {
    tx.exec_params(kEvent, common::to_epoch_us(now), e.kind, e.login, e.actor_id, e.subject_id, e.token_id,
                   e.remote.substr(0, 100), e.detail);
}

std::int64_t insert_token(pqxx::work& tx, const NewToken& t) {
    return tx
        .exec_params1(kInsertToken, hex(t.digest), t.kind, t.staff_id, t.machine, t.label,
                      common::to_epoch_us(t.created_at), t.created_by, common::to_epoch_us(t.expires_at))[0]
        .as<std::int64_t>();
}

TokenRecord token_from(const pqxx::row& r) {
    TokenRecord t;
    t.id = r[0].as<std::int64_t>();
    t.kind = r[1].as<std::string>();
    t.owner = r[2].as<std::string>();
    t.label = pg::optional_string(r[3]);
    t.created_at = pg::time_from_us(r[4]);
    t.created_by = r[5].as<std::string>();
    t.expires_at = pg::time_from_us(r[6]);
    if (!r[7].is_null()) t.revoked_at = pg::time_from_us(r[7]);
    if (!r[8].is_null()) t.staff_id = r[8].as<std::int64_t>();
    return t;
}

}  // namespace

std::optional<TokenHolderRecord> AuthStore::holder(const std::string& digest, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<TokenHolderRecord> {
        // Every request runs this: prepared once per connection, so that it is not planned each time.
        const auto stmt = lease->prepared("auth_holder", kHolder);
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_prepared(stmt, hex(digest), common::to_epoch_us(now));
        if (r.empty()) return std::nullopt;
        const auto& row = r[0];
        TokenHolderRecord h;
        h.token_id = row[0].as<std::int64_t>();
        h.kind = row[1].as<std::string>();
        if (!row[2].is_null()) h.staff_id = row[2].as<std::int64_t>();
        h.name = row[3].as<std::string>();
        h.unit = row[4].as<std::string>();
        h.roles = json_texts(row[5]);
        h.units = json_texts(row[6]);
        return h;
    });
}

std::optional<CredentialRecord> AuthStore::credential(const std::string& login, const std::string& remote) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<CredentialRecord> {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(kCredential, login, remote.substr(0, 100));
        if (r.empty()) return std::nullopt;
        CredentialRecord cr;
        cr.staff_id = r[0][0].as<std::int64_t>();
        cr.active = r[0][1].as<bool>();
        cr.password_hash = pg::optional_string(r[0][2]);
        if (!r[0][3].is_null()) cr.locked_until = pg::time_from_us(r[0][3]);
        if (!r[0][4].is_null()) cr.address_locked_until = pg::time_from_us(r[0][4]);
        return cr;
    });
}

std::optional<std::int64_t> AuthStore::staff_id(const std::string& login) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<std::int64_t> {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params("SELECT id FROM staff WHERE login = $1", login);
        if (r.empty()) return std::nullopt;
        return r[0][0].as<std::int64_t>();
    });
}

namespace {

// The address's count: `per_address` in a row lock that address out of the login.
bool count_address_failure(pqxx::work& tx, std::int64_t staff_id, const std::string& remote,
                           const FailureLimits& limits, TimePoint now) {
    using common::to_epoch_us;
    tx.exec_params(kForgetStale, staff_id, to_epoch_us(now - limits.address_lockout), to_epoch_us(now));
    const auto count = tx.exec_params1(kCountAddress, staff_id, remote, to_epoch_us(now))[0].as<int>();
    if (count < limits.per_address) return false;
    tx.exec_params(
        "UPDATE login_failures SET failed_count = 0, locked_until = ct_from_us($3) WHERE staff_id = $1 AND remote = $2",
        staff_id, remote, to_epoch_us(now + limits.address_lockout));
    return true;
}

// The login's count, in a window opened by the first failure after the last one closed: `per_login`
// within it lock the login for everyone.
bool count_login_failure(pqxx::work& tx, std::int64_t staff_id, const FailureLimits& limits, TimePoint now) {
    const auto row = tx.exec_params1(kLockCredential, staff_id);
    const bool open = !row[1].is_null() && pg::time_from_us(row[1]) > now - limits.login_window;
    const int count = open ? row[0].as<int>() + 1 : 1;
    const auto since = open ? row[1].as<std::int64_t>() : common::to_epoch_us(now);
    const bool lock = count >= limits.per_login;
    tx.exec_params(R"sql(
UPDATE credentials SET failed_count = $2, failures_since = ct_from_us($3),
                       locked_until = CASE WHEN $4 THEN ct_from_us($5) ELSE locked_until END
WHERE staff_id = $1
)sql",
                   staff_id, lock ? 0 : count, lock ? std::nullopt : std::optional<std::int64_t>(since), lock,
                   common::to_epoch_us(now + limits.login_lockout));
    return lock;
}

}  // namespace

FailureOutcome AuthStore::count_failure(std::int64_t staff_id, const FailureLimits& limits,
                                        const AuthEventRecord& event, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto remote = event.remote.substr(0, 100);
        FailureOutcome out;
        // The login's row first: it is the lock that orders the failures of one login.
        out.login_locked = count_login_failure(tx, staff_id, limits, now);
        out.address_locked = count_address_failure(tx, staff_id, remote, limits, now);
        write_event(tx, event, now);
        AuthEventRecord lock = event;
        lock.kind = "locked_out";
        if (out.address_locked) {
            lock.detail = std::to_string(limits.per_address) + " wrong passwords in a row from " + remote +
                          ": that address is locked out of the login for " +
                          std::to_string(limits.address_lockout.count()) + " s";
            write_event(tx, lock, now);
        }
        if (out.login_locked) {
            lock.detail = std::to_string(limits.per_login) + " wrong passwords within " +
                          std::to_string(limits.login_window.count()) +
                          " s from any address: the login is locked for everyone for " +
                          std::to_string(limits.login_lockout.count()) + " s, or until an admin unlocks it";
            write_event(tx, lock, now);
        }
        tx.commit();
        return out;
    });
}

std::optional<std::int64_t> AuthStore::login(const NewToken& token, const AuthEventRecord& event, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<std::int64_t> {
        pqxx::work tx(c);
        const auto us = common::to_epoch_us(now);
        const auto remote = event.remote.substr(0, 100);
        const auto row = tx.exec_params(kLockCredential, *token.staff_id);
        if (row.empty() || (!row[0][2].is_null() && row[0][2].as<std::int64_t>() > us)) return std::nullopt;
        const auto cleared = tx.exec_params(
            "DELETE FROM login_failures WHERE staff_id = $1 AND remote = $2 "
            "RETURNING locked_until IS NOT NULL AND locked_until > ct_from_us($3)",
            *token.staff_id, remote, us);
        if (!cleared.empty() && cleared[0][0].as<bool>()) return std::nullopt;  // rolled back: the lock stays
        const auto id = insert_token(tx, token);
        auto e = event;
        e.token_id = id;
        write_event(tx, e, now);
        tx.commit();
        return id;
    });
}

UnlockOutcome AuthStore::unlock(std::int64_t staff_id, const AuthEventRecord& event, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto us = common::to_epoch_us(now);
        UnlockOutcome out;
        const auto row = tx.exec_params(kLockCredential, staff_id);
        out.login_was_locked = !row.empty() && !row[0][2].is_null() && row[0][2].as<std::int64_t>() > us;
        tx.exec_params(
            "UPDATE credentials SET failed_count = 0, failures_since = NULL, locked_until = NULL WHERE staff_id = $1",
            staff_id);
        for (const auto& r : tx.exec_params("DELETE FROM login_failures WHERE staff_id = $1 "
                                            "RETURNING coalesce(locked_until > ct_from_us($2), false)",
                                            staff_id, us)) {
            if (r[0].as<bool>()) ++out.addresses_unlocked;
        }
        auto e = event;
        e.detail = std::string(out.login_was_locked ? "the login was locked" : "the login was not locked") + "; " +
                   std::to_string(out.addresses_unlocked) + " address(es) locked out of it unlocked";
        write_event(tx, e, now);
        tx.commit();
        return out;
    });
}

std::int64_t AuthStore::issue(const NewToken& token, AuthEventRecord event, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto id = insert_token(tx, token);
        event.token_id = id;
        write_event(tx, event, now);
        tx.commit();
        return id;
    });
}

bool AuthStore::revoke(std::int64_t token_id, std::int64_t by, AuthEventRecord event, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto r = tx.exec_params(
            "UPDATE api_tokens SET revoked_at = ct_from_us($3), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL",
            token_id, by, common::to_epoch_us(now));
        if (r.affected_rows() == 0) return false;
        event.token_id = token_id;
        write_event(tx, event, now);
        tx.commit();
        return true;
    });
}

std::optional<TokenRecord> AuthStore::token(std::int64_t id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<TokenRecord> {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(std::string(kTokenColumns) + " WHERE t.id = $1", id);
        if (r.empty()) return std::nullopt;
        return token_from(r[0]);
    });
}

std::vector<TokenRecord> AuthStore::tokens(std::optional<std::int64_t> staff_id, bool include_ended, TimePoint now) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(std::string(kTokenColumns) + R"sql(
WHERE ($1::bigint IS NULL OR t.staff_id = $1)
  AND ($2 OR (t.revoked_at IS NULL AND t.expires_at > ct_from_us($3)))
ORDER BY t.id DESC LIMIT 1000)sql",
                                      staff_id, include_ended, common::to_epoch_us(now));
        std::vector<TokenRecord> out;
        for (const auto& row : r) out.push_back(token_from(row));
        return out;
    });
}

void AuthStore::set_password(std::int64_t staff_id, const std::string& hash, const AuthEventRecord& event,
                             TimePoint now, std::optional<std::int64_t> keep) {
    auto lease = pool_.acquire();
    pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_params(kLockCredential, staff_id);
        tx.exec_params(R"sql(
INSERT INTO credentials (staff_id, password_hash, changed_at) VALUES ($1, $2, ct_from_us($3))
ON CONFLICT (staff_id) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at,
                                     failed_count = 0, failures_since = NULL, locked_until = NULL
)sql",
                       staff_id, hash, common::to_epoch_us(now));
        tx.exec_params("DELETE FROM login_failures WHERE staff_id = $1", staff_id);
        tx.exec_params(
            "UPDATE api_tokens SET revoked_at = ct_from_us($3), revoked_by = $4 "
            "WHERE staff_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2",
            staff_id, keep, common::to_epoch_us(now), event.actor_id);
        write_event(tx, event, now);
        tx.commit();
    });
}

void AuthStore::record(const AuthEventRecord& event, TimePoint now) {
    auto lease = pool_.acquire();
    pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        write_event(tx, event, now);
        tx.commit();
    });
}

bool AuthStore::dossier_within(std::int64_t dossier_id, const std::vector<std::string>& unit_codes,
                               std::optional<std::int64_t> holder) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        const auto stmt = lease->prepared("auth_dossier_within", kDossierWithin);
        pqxx::read_transaction tx(c);
        return tx.exec_prepared1(stmt, dossier_id, pg::text_array(unit_codes), holder)[0].as<bool>();
    });
}

std::vector<std::string> AuthStore::case_numbers_within(const std::vector<std::string>& case_numbers,
                                                        const std::vector<std::string>& unit_codes,
                                                        std::optional<std::int64_t> holder) {
    if (case_numbers.empty()) return {};
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<std::string> out;
        for (const auto& row : tx.exec_params(R"sql(
SELECT d.case_number FROM dossiers d JOIN units u ON u.id = d.owning_unit_id
WHERE d.case_number = ANY ($1::text[])
  AND (u.code = ANY ($2::text[])
       OR ($3::bigint IS NOT NULL AND EXISTS (
             SELECT 1 FROM custody_periods cp WHERE cp.dossier_id = d.id AND cp.holder_id = $3 AND cp.to_at IS NULL)))
)sql",
                                              pg::text_array(case_numbers), pg::text_array(unit_codes), holder)) {
            out.push_back(row[0].as<std::string>());
        }
        return out;
    });
}

}  // namespace casetrail::store
