// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tests/support/test_tokens.hpp"

#include <random>
#include <stdexcept>

#include "tests/support/processes.hpp"
#include "tests/support/test_database.hpp"

namespace casetrail::test {

std::string random_token() {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::random_device rd;
    std::string t = "ct_";
    for (int i = 0; i < 43; ++i) t.push_back(alphabet[rd() % 64]);
    return t;
}

std::string mint_token(const std::string& conninfo, const std::string& login) {
    auto token = random_token();
    const auto id =
        query_value(conninfo,
                    "INSERT INTO api_tokens (token_hash, kind, staff_id, label, created_at, created_by, expires_at) "
                    "SELECT sha256(convert_to('" +
                        token +
                        "', 'UTF8')), 'session', id, 'test fixture', now(), id, now() + interval '3650 days' "
                        "FROM staff WHERE login = '" +
                        login + "' RETURNING id");
    if (id.empty()) throw std::runtime_error("no staff member " + login + " to mint a token for");
    return token;
}

std::string mint_machine_token(const std::string& conninfo, const std::string& machine) {
    auto token = random_token();
    const auto id =
        query_value(conninfo,
                    "INSERT INTO api_tokens (token_hash, kind, machine, label, created_at, created_by, expires_at) "
                    "SELECT sha256(convert_to('" +
                        token + "', 'UTF8')), 'machine', '" + machine +
                        "', 'test fixture', now(), "
                        "(SELECT min(id) FROM staff), now() + interval '3650 days' RETURNING id");
    if (id.empty()) throw std::runtime_error("cannot mint a machine token");
    return token;
}

void authorize_seed_staff(int port, const std::string& conninfo, std::map<std::string, std::string>& cache) {
    for (const char* login : {"wang.li", "chen.jing", "zhao.min", "liu.yang", "sun.hao"}) {
        auto& token = cache[login];
        if (token.empty()) token = mint_token(conninfo, login);
        register_token(port, login, token);
    }
    set_default_token(port, cache["sun.hao"]);
}

}  // namespace casetrail::test
