// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The real casetrail-server process on a fresh seeded database, and JSON requests to it.

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/processes.hpp"
#include "tests/support/test_database.hpp"

namespace casetrail::test {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's noexcept move only asserts, never throws
struct JsonReply {
    int status = 0;
    nlohmann::json body;
};

class ServerProcess {
public:
    // `extra`: more keys for the server's config file (rules, webhooks). Its clock runs ahead by what
    // set_clock() says (the --clock-file).
    explicit ServerProcess(const nlohmann::json& extra = nlohmann::json::object());

    void restart();  // SIGTERM, then start again on the same database and config
    void set_clock(long long seconds_ahead) const;
    void wait_for_rules() const { test::wait_for_rules(port); }  // a sweep and a step begun after the call

    TestDatabase db{TestDatabase::Setup::seeded};
    TempDir dir;
    std::unique_ptr<ChildProcess> proc;
    int port = 0;

    // Requests carry a token: the one of the person a body's "by" names, else the admin sun.hao's.
    std::map<std::string, std::string> tokens;  // by login
    const std::string& token_for(const std::string& login);

    JsonReply get(const std::string& target) const;
    JsonReply post(const std::string& target, const nlohmann::json& body) const;
    JsonReply put(const std::string& target, const nlohmann::json& body) const;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

}  // namespace casetrail::test
