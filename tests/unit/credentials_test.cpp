// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Passwords, tokens and the login throttle, without a database.

#include <set>

#include <catch2/catch.hpp>

#include "server/domain/errors.hpp"
#include "server/domain/login_throttle.hpp"
#include "server/domain/password_hash.hpp"
#include "server/domain/principal.hpp"

using namespace casetrail::domain;
using namespace std::chrono_literals;

TEST_CASE("passwords are Argon2id hashes that verify only the password", "[auth]") {
    HashSlots slots(1);
    const auto slot = slots.try_take();
    REQUIRE(slot);
    const auto hash = hash_password(*slot, "correct horse battery");
    CHECK(hash.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
    CHECK(hash.find("correct horse") == std::string::npos);
    CHECK(verify_password(*slot, hash, "correct horse battery"));
    CHECK_FALSE(verify_password(*slot, hash, "correct horse batterY"));
    CHECK_FALSE(verify_password(*slot, hash, ""));
    CHECK_FALSE(verify_password(*slot, "not a hash", "correct horse battery"));
    CHECK(hash_password(*slot, "correct horse battery") != hash);  // a salt of its own each time
    CHECK_THROWS_AS(hash_password(*slot, "too short"), InvalidArgument);
    CHECK_THROWS_AS(hash_password(*slot, std::string(1025, 'x')), InvalidArgument);
    CHECK_THROWS_AS(check_password_policy("too short"), InvalidArgument);
    CHECK_NOTHROW(check_password_policy("long enough"));
}

TEST_CASE("Argon2id runs only in one of a bounded number of slots", "[auth]") {
    HashSlots slots(2);
    auto first = slots.try_take();
    auto second = slots.try_take();
    REQUIRE(first);
    REQUIRE(second);
    CHECK_FALSE(slots.try_take());  // a third waits for none: the caller answers busy
    {
        const auto moved = std::move(*first);  // a moved slot is released once, by its new owner
        first.reset();
        CHECK_FALSE(slots.try_take());
    }
    CHECK(slots.try_take());  // taken and given back at once
    second.reset();
    const auto again = slots.try_take(), third = slots.try_take();
    CHECK(again);
    CHECK(third);
    CHECK_FALSE(slots.try_take());
}

TEST_CASE("tokens are 256 random bits of which only a digest is kept", "[auth]") {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto t = new_api_token();
        CHECK(t.size() == 46);
        CHECK(t.rfind("ct_", 0) == 0);
        CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 3) ==
              std::string::npos);
        seen.insert(t);
    }
    CHECK(seen.size() == 100);
    // SHA-256 ("abc") from FIPS 180-2.
    const auto d = token_digest("abc");
    REQUIRE(d.size() == 32);
    CHECK(static_cast<unsigned char>(d[0]) == 0xba);
    CHECK(static_cast<unsigned char>(d[31]) == 0xad);
}

TEST_CASE("login attempts per address: a sliding minute, addresses apart", "[auth]") {
    LoginThrottle throttle(3);
    const auto t0 = std::chrono::system_clock::time_point{} + 1000h;
    CHECK_FALSE(throttle.attempt("10.0.0.1", t0));
    CHECK_FALSE(throttle.attempt("10.0.0.1", t0 + 10s));
    CHECK_FALSE(throttle.attempt("10.0.0.1", t0 + 20s));
    const auto wait = throttle.attempt("10.0.0.1", t0 + 30s);
    REQUIRE(wait);
    CHECK(*wait == 30);                                   // until the first attempt is a minute old
    CHECK_FALSE(throttle.attempt("10.0.0.2", t0 + 30s));  // another address has its own count
    CHECK_FALSE(throttle.attempt("10.0.0.1", t0 + 60s));  // the first one left the window
    CHECK(throttle.attempt("10.0.0.1", t0 + 61s));        // refused attempts were not counted, the rest are
}

TEST_CASE("roles by name, and a person's scope of units", "[auth]") {
    CHECK(role_from_name("legal_officer") == Role::legal_officer);
    CHECK_FALSE(role_from_name("janitor"));
    CHECK(role_names(roles({Role::admin, Role::clerk})) == std::vector<std::string>{"clerk", "admin"});
    Principal p;
    p.units = {"CID-S1", "CID-T1"};
    CHECK(p.sees_unit("CID-T1"));
    CHECK_FALSE(p.sees_unit("CID"));
    p.all_units = true;
    CHECK(p.sees_unit("CID"));
}
