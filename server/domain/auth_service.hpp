// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Logins and tokens: a password login gives a session token; people make API tokens for themselves,
// admins make machine tokens (role gateway); tokens expire and can be revoked; wrong passwords lock the
// address they came from out of the login for a while, and many from anywhere lock the login itself
// until the time passes or an admin unlocks it; every step is written to the audited trail of logins.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "server/domain/login_throttle.hpp"
#include "server/domain/password_hash.hpp"
#include "server/domain/principal.hpp"
#include "server/store/auth_store.hpp"

namespace casetrail::domain {

struct AuthSettings {
    // Wrong passwords in a row from one address (each within `lockout` of the one before) lock that
    // address, and only that one, out of the login for `lockout`: a guesser elsewhere cannot keep the
    // owner out.
    int max_failures = 5;
    std::chrono::seconds lockout{15 * 60};
    // Wrong passwords from any address within `login_window` lock the login for everyone for
    // `login_lockout` (or until an admin unlocks it): what many addresses together may guess.
    int login_max_failures = 50;
    std::chrono::seconds login_window{3600};
    std::chrono::seconds login_lockout{3600};
    std::chrono::seconds session{12 * 3600};               // a login's token
    std::chrono::seconds max_token_life{365 * 24 * 3600};  // API and machine tokens
    int login_attempts_per_minute = 20;                    // per remote address
    int concurrent_logins = 2;                             // password hashes at once (64 MiB each)
};

// The most wrong passwords one address can make within `login_window` while the limit per address holds:
// `max_failures` in every stretch of `lockout`, and one stretch begun before the window. The limit per
// login must lie above it, or one address alone could lock the login for everyone.
int most_failures_from_one_address(const AuthSettings& s);

struct UnlockResult {
    std::string login;
    bool login_was_locked = false;
    int addresses_unlocked = 0;
};

struct IssuedToken {
    std::string token;  // shown once; only its hash is kept
    store::TokenRecord record;
};

struct TokenRequest {
    std::optional<std::string> label;
    std::chrono::seconds lifetime{0};
    std::optional<std::string> machine;  // a machine's token (admins only)
};

class AuthService {
public:
    AuthService(store::AuthStore& store, const common::Clock& clock, AuthSettings settings)
        : store_(store), clock_(clock), settings_(settings), throttle_(settings.login_attempts_per_minute),
          hash_slots_(settings.concurrent_logins) {}

    // Unauthorized for a wrong login or password, an inactive person, a person without a password, or a
    // locked login: one message for all, so that nothing tells which. TooManyRequests past the rate limit.
    IssuedToken login(const std::string& login, std::string_view password, const std::string& remote);
    // nullopt for anything but a valid token (no database round trip for a malformed one).
    std::optional<Principal> authenticate(std::string_view token);
    void logout(const Principal& who, const std::string& remote);

    IssuedToken issue(const Principal& who, const TokenRequest& request, const std::string& remote);
    // One's own tokens; an admin's `everyone` lists all.
    std::vector<store::TokenRecord> tokens(const Principal& who, bool everyone, bool include_ended);
    // One's own token, or any for an admin; NotFound otherwise (a token of someone else is not told apart).
    store::TokenRecord revoke(const Principal& who, std::int64_t token_id, const std::string& remote);

    // With a login's (session) token only. An admin sets anyone's password; a person, admins too, their
    // own with the current one, within the login rate and not while locked out (TooManyRequests); wrong
    // guesses count like wrong passwords at the login. The person's other tokens are revoked.
    void set_password(const Principal& who, const std::string& login, const std::optional<std::string>& current,
                      std::string_view password, const std::string& remote);

    // An admin lifts the login's lock and every address's (an unlock is written to the trail).
    UnlockResult unlock(const Principal& who, const std::string& login, const std::string& remote);

    // The operator's way in (casetrail-server set-password): no token, the change still in the trail.
    void set_password_locally(const std::string& login, std::string_view password);

    const AuthSettings& settings() const { return settings_; }

private:
    // One of the `concurrent_logins` slots every Argon2id run takes; TooManyRequests when none is free.
    HashSlots::Slot hash_slot();
    store::FailureLimits failure_limits() const;

    store::AuthStore& store_;
    const common::Clock& clock_;
    AuthSettings settings_;
    LoginThrottle throttle_;
    HashSlots hash_slots_;
};

}  // namespace casetrail::domain
