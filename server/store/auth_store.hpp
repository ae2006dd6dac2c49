// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Credentials, API tokens and the trail of logins. Token hashes and password hashes go in and out as
// opaque strings; what they mean is the domain's (domain/password_hash).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/location_records.hpp"

namespace casetrail::store {

// A valid token's holder, with what the scope rules need.
struct TokenHolderRecord {
    std::int64_t token_id = 0;
    std::string kind;
    std::optional<std::int64_t> staff_id;
    std::string name;  // login or machine
    std::string unit;  // unit code ("" for a machine)
    std::vector<std::string> roles;
    std::vector<std::string> units;  // the person's unit and every unit below it
};

struct CredentialRecord {
    std::int64_t staff_id = 0;
    bool active = true;
    std::optional<std::string> password_hash;       // none set yet
    std::optional<TimePoint> locked_until;          // the login, for every address (may have passed)
    std::optional<TimePoint> address_locked_until;  // the login, for the address asked about (the same)
};

// What wrong passwords are counted against (domain::AuthSettings says why).
struct FailureLimits {
    int per_address = 5;  // in a row from one address, each within `address_lockout` of the one before
    std::chrono::seconds address_lockout{900};
    int per_login = 50;  // from any address within `login_window` (from the first of them)
    std::chrono::seconds login_window{3600};
    std::chrono::seconds login_lockout{3600};
};

struct FailureOutcome {
    bool address_locked = false;  // this failure locked its address out of the login
    bool login_locked = false;    // this failure locked the login for everyone
};

struct UnlockOutcome {
    bool login_was_locked = false;
    int addresses_unlocked = 0;  // addresses whose lock was in force
};

struct TokenRecord {
    std::int64_t id = 0;
    std::string kind;
    std::string owner;                     // login or machine
    std::optional<std::int64_t> staff_id;  // the owner, for a person's token
    std::optional<std::string> label;
    TimePoint created_at;
    std::string created_by;
    TimePoint expires_at;
    std::optional<TimePoint> revoked_at;
};

struct NewToken {
    std::string digest;  // 32 bytes
    std::string kind;    // session | api | machine
    std::optional<std::int64_t> staff_id;
    std::optional<std::string> machine;
    std::optional<std::string> label;
    std::int64_t created_by = 0;
    TimePoint created_at;
    TimePoint expires_at;
};

struct AuthEventRecord {
    std::string kind;
    std::optional<std::string> login;
    std::optional<std::int64_t> actor_id;
    std::optional<std::int64_t> subject_id;
    std::optional<std::int64_t> token_id;
    std::string remote;
    std::optional<std::string> detail;
};

class AuthStore {
public:
    explicit AuthStore(pg::ConnectionPool& pool) : pool_(pool) {}

    // The holder of an unrevoked, unexpired token of an active person (or a machine); nullopt otherwise.
    std::optional<TokenHolderRecord> holder(const std::string& digest, TimePoint now);

    // `remote`: the address whose own lock is told (address_locked_until).
    std::optional<CredentialRecord> credential(const std::string& login, const std::string& remote);
    std::optional<std::int64_t> staff_id(const std::string& login);

    // A wrong password from `event.remote`: counted for that address and for the login, each locked when
    // it reaches its limit (its count starts again). Writes the event, and a locked_out for each lock, in
    // the same transaction; failures for one login are counted one after the other.
    FailureOutcome count_failure(std::int64_t staff_id, const FailureLimits& limits, const AuthEventRecord& event,
                                 TimePoint now);
    // A good password from `event.remote`: that address's count cleared (not the login's: that one bounds
    // guesses from everywhere, whoever logs in meanwhile), the session token stored, the login written;
    // the token's id. nullopt (nothing written) when the login or the address was locked meanwhile.
    std::optional<std::int64_t> login(const NewToken& token, const AuthEventRecord& event, TimePoint now);
    // Lifts the login's lock and every address's, clears their counts, and writes the event (always: an
    // admin's action on a login that was not locked is in the trail too).
    UnlockOutcome unlock(std::int64_t staff_id, const AuthEventRecord& event, TimePoint now);

    std::int64_t issue(const NewToken& token, AuthEventRecord event, TimePoint now);
    // False when no such token exists, or it is revoked already.
    bool revoke(std::int64_t token_id, std::int64_t by, AuthEventRecord event, TimePoint now);
    std::optional<TokenRecord> token(std::int64_t id);
    // Tokens of a person (or every token when `staff_id` is empty), newest first.
    std::vector<TokenRecord> tokens(std::optional<std::int64_t> staff_id, bool include_ended, TimePoint now);

    // Sets the password (clearing every count and lock, the addresses' too), revokes the person's tokens but `keep`, and
    // writes the event.
    void set_password(std::int64_t staff_id, const std::string& hash, const AuthEventRecord& event, TimePoint now,
                      std::optional<std::int64_t> keep);
    // Only an event (a refused login that names nobody, a locked login tried).
    void record(const AuthEventRecord& event, TimePoint now);

    // Whether the dossier is owned by one of `unit_codes`, or held now by `holder` (a case handler sees
    // the dossiers they hold).
    bool dossier_within(std::int64_t dossier_id, const std::vector<std::string>& unit_codes,
                        std::optional<std::int64_t> holder);
    // Of these case numbers, those within the units or held by `holder`.
    std::vector<std::string> case_numbers_within(const std::vector<std::string>& case_numbers,
                                                 const std::vector<std::string>& unit_codes,
                                                 std::optional<std::int64_t> holder);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
