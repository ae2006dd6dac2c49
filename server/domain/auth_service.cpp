// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/auth_service.hpp"

#include <algorithm>

#include "common/time_format.hpp"
#include "server/domain/errors.hpp"

namespace casetrail::domain {

namespace {

constexpr const char* kRefused = "login refused: the login or password is wrong, or the login is locked for a while";
constexpr std::size_t kTokenLength = 46;  // "ct_" + 43

store::AuthEventRecord event(const char* kind, const std::string& remote) {
    store::AuthEventRecord e;
    e.kind = kind;
    e.remote = remote;
    return e;
}

bool is_login(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
    }
    return true;
}

// When the login is locked for `remote` (for everyone, or for that address), the later end of the two.
std::optional<store::TimePoint> locked_until(const store::CredentialRecord& c, store::TimePoint now) {
    std::optional<store::TimePoint> until;
    for (const auto& t : {c.locked_until, c.address_locked_until}) {
        if (t && *t > now && (!until || *t > *until)) until = t;
    }
    return until;
}

}  // namespace

int most_failures_from_one_address(const AuthSettings& s) {
    const auto stretches = (s.login_window.count() + s.lockout.count() - 1) / s.lockout.count() + 1;
    return static_cast<int>(std::min<long long>(stretches * s.max_failures, INT32_MAX));
}

HashSlots::Slot AuthService::hash_slot() {
    auto slot = hash_slots_.try_take();
    if (!slot) throw TooManyRequests("the server is busy with other password checks; try again in a moment", 1);
    return std::move(*slot);
}

store::FailureLimits AuthService::failure_limits() const {
    store::FailureLimits l;
    l.per_address = settings_.max_failures;
    l.address_lockout = settings_.lockout;
    l.per_login = settings_.login_max_failures;
    l.login_window = settings_.login_window;
    l.login_lockout = settings_.login_lockout;
    return l;
}

IssuedToken AuthService::login(const std::string& login, std::string_view password, const std::string& remote) {
    const auto now = clock_.now();
    if (const auto wait = throttle_.attempt(remote, now)) {
        throw TooManyRequests(
            "too many login attempts from " + remote + "; try again in " + std::to_string(*wait) + " s", *wait);
    }
    const auto slot = hash_slot();
    auto refused = event("login_refused", remote);
    // Only what looks like a login goes into the append-only trail: people type passwords into the
    // login field too.
    refused.login = is_login(login) ? login : std::string("(not a login name)");
    const auto cred = is_login(login) ? store_.credential(login, remote) : std::nullopt;
    if (!cred || !cred->password_hash || !cred->active) {
        verify_against_nothing(slot, password);
        refused.detail = !cred ? "no such login" : !cred->active ? "inactive" : "no password set";
        if (cred) refused.subject_id = cred->staff_id;
        store_.record(refused, now);
        throw Unauthorized(kRefused);
    }
    refused.subject_id = cred->staff_id;
    if (locked_until(*cred, now)) {
        verify_against_nothing(slot, password);  // a locked login answers no faster than any other
        refused.detail = cred->locked_until && *cred->locked_until > now ? "locked" : "locked for this address";
        store_.record(refused, now);
        throw Unauthorized(kRefused);
    }
    if (!verify_password(slot, *cred->password_hash, password)) {
        refused.detail = "wrong password";
        store_.count_failure(cred->staff_id, failure_limits(), refused, now);
        throw Unauthorized(kRefused);
    }
    IssuedToken issued;
    issued.token = new_api_token();
    store::NewToken t;
    t.digest = token_digest(issued.token);
    t.kind = "session";
    t.staff_id = cred->staff_id;
    t.created_by = cred->staff_id;
    t.created_at = now;
    t.expires_at = now + settings_.session;
    auto ok = event("login", remote);
    ok.login = login;
    ok.actor_id = ok.subject_id = cred->staff_id;
    // The lock is looked at again as the token is stored: a parallel guess may have locked it meanwhile.
    const auto id = store_.login(t, ok, now);
    if (!id) {
        refused.detail = "locked";
        store_.record(refused, now);
        throw Unauthorized(kRefused);
    }
    issued.record = *store_.token(*id);
    return issued;
}

std::optional<Principal> AuthService::authenticate(std::string_view token) {
    if (token.size() != kTokenLength || token.substr(0, 3) != "ct_") return std::nullopt;
    const auto h = store_.holder(token_digest(token), clock_.now());
    if (!h) return std::nullopt;
    Principal p;
    p.token_id = h->token_id;
    p.token_kind = h->kind;
    p.staff_id = h->staff_id;
    p.name = h->name;
    p.unit = h->unit;
    if (h->kind == "machine") {
        p.roles = static_cast<unsigned>(Role::gateway);
        return p;
    }
    for (const auto& name : h->roles) {
        if (const auto r = role_from_name(name)) p.roles |= static_cast<unsigned>(*r);
    }
    p.all_units = p.has(Role::admin);
    // Supervisors, legal officers and clerks see their unit and the units below it; a case handler only
    // their own unit (and the dossiers they hold, which the access policy asks the store about).
    if (p.roles & roles({Role::supervisor, Role::legal_officer, Role::clerk})) {
        p.units = h->units;
    } else if (!p.unit.empty()) {
        p.units = {p.unit};
    }
    return p;
}

void AuthService::logout(const Principal& who, const std::string& remote) {
    auto e = event("logout", remote);
    e.login = who.name;
    e.actor_id = e.subject_id = who.staff_id;
    if (who.staff_id) store_.revoke(who.token_id, *who.staff_id, e, clock_.now());
}

IssuedToken AuthService::issue(const Principal& who, const TokenRequest& request, const std::string& remote) {
    if (!who.is_person()) throw Forbidden("a machine cannot make tokens");
    // Tokens beget tokens only from a login: a stolen API token cannot mint itself successors.
    if (who.token_kind != "session") {
        throw Forbidden("tokens are made with a login's token (POST /api/v1/login), not with another API token");
    }
    if (request.lifetime < std::chrono::seconds(1) || request.lifetime > settings_.max_token_life) {
        throw InvalidArgument("expires_in_s must be between 1 and " + std::to_string(settings_.max_token_life.count()));
    }
    if (request.machine) {
        if (!who.has(Role::admin)) throw Forbidden("only an admin makes tokens for machines");
        if (!is_login(*request.machine)) {
            throw InvalidArgument(
                "machine must be 1 to 64 of a-z, 0-9, '.', '_', '-' and start with a letter or digit");
        }
    }
    if (request.label && request.label->size() > 200) throw InvalidArgument("label must be at most 200 bytes");
    const auto now = clock_.now();
    IssuedToken issued;
    issued.token = new_api_token();
    store::NewToken t;
    t.digest = token_digest(issued.token);
    t.kind = request.machine ? "machine" : "api";
    if (request.machine) {
        t.machine = request.machine;
    } else {
        t.staff_id = who.staff_id;
    }
    t.label = request.label;
    t.created_by = *who.staff_id;
    t.created_at = now;
    t.expires_at = now + request.lifetime;
    auto e = event("token_issued", remote);
    e.login = who.name;
    e.actor_id = who.staff_id;
    e.subject_id = t.staff_id;
    e.detail = request.machine ? "machine " + *request.machine : std::string("api token");
    const auto id = store_.issue(t, e, now);
    issued.record = *store_.token(id);
    return issued;
}

std::vector<store::TokenRecord> AuthService::tokens(const Principal& who, bool everyone, bool include_ended) {
    if (!who.is_person()) throw Forbidden("a machine has no tokens to list");
    if (everyone && !who.has(Role::admin)) throw Forbidden("only an admin lists everyone's tokens");
    return store_.tokens(everyone ? std::nullopt : who.staff_id, include_ended, clock_.now());
}

store::TokenRecord AuthService::revoke(const Principal& who, std::int64_t token_id, const std::string& remote) {
    const auto unknown = [&] { return NotFound("no token has the id " + std::to_string(token_id)); };
    if (!who.is_person()) throw unknown();
    auto t = store_.token(token_id);
    if (!t || (!who.has(Role::admin) && t->staff_id != who.staff_id)) throw unknown();
    auto e = event("token_revoked", remote);
    e.login = who.name;
    e.actor_id = who.staff_id;
    e.subject_id = t->staff_id;
    if (!store_.revoke(token_id, *who.staff_id, e, clock_.now())) {
        throw Conflict("token " + std::to_string(token_id) + " is revoked already");
    }
    return *store_.token(token_id);
}

void AuthService::set_password(const Principal& who, const std::string& login,
                               const std::optional<std::string>& current, std::string_view password,
                               const std::string& remote) {
    if (!who.is_person()) throw Forbidden("a machine sets no password");
    // A password opens every other door: a leaked API token (a script's, a scanner's) must not be able
    // to take the person over.
    if (who.token_kind != "session") {
        throw Forbidden("a password is set with a login's token (POST /api/v1/login), not with an API token");
    }
    const bool self = who.name == login;
    if (!self && !who.has(Role::admin)) throw Forbidden("only an admin sets another person's password");
    check_password_policy(password);
    const auto now = clock_.now();
    const auto cred = is_login(login) ? store_.credential(login, remote) : std::nullopt;
    if (!cred) throw NotFound("no staff member has the login \"" + login + "\"");
    // One's own password, an admin's too: whoever holds the session must also know the password (a
    // session left open on a desk is not the password).
    if (self && !current) throw InvalidArgument("current_password is required to change one's own password");
    if (self && !cred->password_hash) {
        throw Forbidden(login +
                        " has no password yet to give as current_password: an admin, or the operator "
                        "(casetrail-server set-password), sets the first one");
    }
    auto refused = event("login_refused", remote);
    refused.login = login;
    refused.actor_id = refused.subject_id = cred->staff_id;
    if (self) {
        // Guessing the current password here counts like guessing it at the login, and waits like it.
        if (const auto wait = throttle_.attempt(remote, now)) {
            throw TooManyRequests(
                "too many password attempts from " + remote + "; try again in " + std::to_string(*wait) + " s", *wait);
        }
        if (const auto until = locked_until(*cred, now)) {
            refused.detail = "locked (password change)";
            store_.record(refused, now);
            const auto wait = std::chrono::ceil<std::chrono::seconds>(*until - now).count();
            throw TooManyRequests(login + " is locked out after too many wrong passwords until " +
                                      common::format_utc(*until) +
                                      "; the password can be changed after that, or once an admin unlocks it",
                                  static_cast<int>(std::max<long long>(wait, 1)));
        }
    }
    const auto slot = hash_slot();
    if (self && !verify_password(slot, *cred->password_hash, *current)) {
        refused.detail = "wrong current password (password change)";
        store_.count_failure(cred->staff_id, failure_limits(), refused, now);
        throw Forbidden("the current password is wrong");
    }
    const auto hash = hash_password(slot, password);
    auto e = event("password_set", remote);
    e.login = who.name;
    e.actor_id = who.staff_id;
    e.subject_id = cred->staff_id;
    // Every other token of the person ends with the old password (the one making the change keeps theirs).
    store_.set_password(cred->staff_id, hash, e, now, self ? std::optional<std::int64_t>(who.token_id) : std::nullopt);
}

UnlockResult AuthService::unlock(const Principal& who, const std::string& login, const std::string& remote) {
    if (!who.has(Role::admin)) throw Forbidden("only an admin unlocks a login");
    const auto staff = is_login(login) ? store_.staff_id(login) : std::nullopt;
    if (!staff) throw NotFound("no staff member has the login \"" + login + "\"");
    auto e = event("unlocked", remote);
    e.login = who.name;
    e.actor_id = who.staff_id;
    e.subject_id = *staff;
    const auto out = store_.unlock(*staff, e, clock_.now());
    return UnlockResult{login, out.login_was_locked, out.addresses_unlocked};
}

void AuthService::set_password_locally(const std::string& login, std::string_view password) {
    check_password_policy(password);
    const auto cred = is_login(login) ? store_.credential(login, "local") : std::nullopt;
    if (!cred) throw NotFound("no staff member has the login \"" + login + "\"");
    auto e = event("password_set", "local");
    e.login = login;
    e.subject_id = cred->staff_id;
    e.detail = "set by the operator (casetrail-server set-password)";
    const auto slot = hash_slot();
    store_.set_password(cred->staff_id, hash_password(slot, password), e, clock_.now(), std::nullopt);
}

}  // namespace casetrail::domain
