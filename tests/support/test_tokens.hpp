// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// API tokens for the tests, written straight into the database the way the server stores them (the
// SHA-256 of the token), so that a fixture need not log in with a password for every person; the login
// itself is tested through the API (auth_test.cpp).

#include <map>
#include <string>

namespace casetrail::test {

// A valid token of `login` (a person; a session's, as a login gives), good for ten years.
std::string mint_token(const std::string& conninfo, const std::string& login);
// A machine's token (role gateway).
std::string mint_machine_token(const std::string& conninfo, const std::string& machine);
// Tokens for the seeded staff (wang.li, chen.jing, zhao.min, liu.yang, sun.hao), minted once into
// `cache` and registered for `port`; the admin sun.hao's is the port's default.
void authorize_seed_staff(int port, const std::string& conninfo, std::map<std::string, std::string>& cache);

// A random string of a token's shape that no one holds.
std::string random_token();

}  // namespace casetrail::test
