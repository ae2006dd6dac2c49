// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tests/support/server_process.hpp"

#include <cstdio>
#include <thread>

#include "tests/support/test_tokens.hpp"

namespace casetrail::test {

namespace {
JsonReply as_json(const HttpReply& r) {
    JsonReply j;
    j.status = r.status;
    j.body = nlohmann::json::parse(r.body, nullptr, false);
    return j;
}
}  // namespace

ServerProcess::ServerProcess(const nlohmann::json& extra) {
    auto config = nlohmann::json{{"database", db.server_conninfo()}, {"http", {{"port", 0}}}};
    config.update(extra);
    dir.write("server.json", config.dump());
    restart();
}

void ServerProcess::restart() {
    if (proc) proc->terminate();
    std::remove(dir.file("ready").c_str());
    proc = std::make_unique<ChildProcess>(
        bin_path("casetrail-server"),
        std::vector<std::string>{"serve", "--config", dir.file("server.json"), "--ready-file", dir.file("ready"),
                                 "--clock-file", dir.file("clock")},
        dir.file("server.log"), std::vector<std::string>{kTestClockEnv});
    port = ready_port(dir.file("ready"), "http_port", *proc);
    authorize_seed_staff(port, db.conninfo(), tokens);
}

const std::string& ServerProcess::token_for(const std::string& login) {
    auto& token = tokens[login];
    if (token.empty()) {
        token = mint_token(db.conninfo(), login);
        register_token(port, login, token);
    }
    return token;
}

void ServerProcess::set_clock(long long seconds_ahead) const {
    // A new file renamed over the old: the server never reads a half-written offset.
    dir.write("clock.new", std::to_string(seconds_ahead));
    std::rename(dir.file("clock.new").c_str(), dir.file("clock").c_str());
    // The server looks at the file every 100 ms: the new time holds once this returns.
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
}

JsonReply ServerProcess::get(const std::string& target) const { return as_json(http_get(port, target)); }

JsonReply ServerProcess::post(const std::string& target, const nlohmann::json& body) const {
    return as_json(http_send(port, "POST", target, body.dump()));
}

JsonReply ServerProcess::put(const std::string& target, const nlohmann::json& body) const {
    return as_json(http_send(port, "PUT", target, body.dump()));
}

}  // namespace casetrail::test
