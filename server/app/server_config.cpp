// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/app/server_config.hpp"

#include <filesystem>

#include "common/config_reader.hpp"

namespace casetrail::app {

namespace {

domain::AuthSettings read_auth(const common::ConfigObject& a) {
    domain::AuthSettings auth;
    const auto seconds = [&](const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
        return std::chrono::seconds(a.integer(key, fallback, min, max));
    };
    constexpr std::int64_t kWeek = 7 * 24 * 3600;
    auth.max_failures = static_cast<int>(a.integer("max_failures", 5, 1, 100));
    auth.lockout = seconds("lockout_s", 900, 1, kWeek);
    auth.login_max_failures = static_cast<int>(a.integer("login_max_failures", 50, 2, 100000));
    auth.login_window = seconds("login_window_s", 3600, 60, kWeek);
    auth.login_lockout = seconds("login_lockout_s", 3600, 1, kWeek);
    auth.session = seconds("session_s", 12 * 3600, 60, 30 * 24 * 3600);
    auth.max_token_life = seconds("max_token_life_s", 365 * 24 * 3600, 60, 5 * 365 * 24 * 3600);
    auth.login_attempts_per_minute = static_cast<int>(a.integer("login_attempts_per_minute", 20, 1, 10000));
    auth.concurrent_logins = static_cast<int>(a.integer("concurrent_logins", 2, 1, 64));
    a.reject_unknown_keys();
    // The limit per login is there for guessers with many addresses; were it within one address's reach,
    // a single guesser could again lock the owner out.
    const auto one_address = domain::most_failures_from_one_address(auth);
    if (auth.login_max_failures <= one_address) {
        a.fail("login_max_failures",
               "must be above " + std::to_string(one_address) + ", the most one address can reach in login_window_s (" +
                   std::to_string(auth.login_window.count()) + " s) at max_failures (" +
                   std::to_string(auth.max_failures) + ") per lockout_s (" + std::to_string(auth.lockout.count()) +
                   " s); raise it or lockout_s, or lower max_failures");
    }
    return auth;
}

}  // namespace

ServerConfig load_server_config(const std::string& path) {
    const auto json = common::load_json_file(path);
    common::ConfigObject root(json, path);
    ServerConfig cfg;
    cfg.database = root.string("database");
    cfg.db_pool_size = static_cast<int>(root.integer("db_pool_size", 4, 1, 64));
    if (auto h = root.optional_object("http")) {
        cfg.http.host = h->string("host", "127.0.0.1");
        cfg.http.port = static_cast<std::uint16_t>(h->integer("port", 8080, 0, 65535));
        cfg.http.io_threads = static_cast<int>(h->integer("io_threads", 1, 1, 64));
        cfg.http.worker_threads = static_cast<int>(h->integer("worker_threads", 4, 1, 256));
        cfg.http.body_limit = static_cast<std::size_t>(h->integer("body_limit_bytes", 64 * 1024, 1024, 64 << 20));
        cfg.http.header_limit = static_cast<std::size_t>(h->integer("header_limit_bytes", 8 * 1024, 1024, 1 << 20));
        cfg.http.request_timeout_s = static_cast<int>(h->integer("request_timeout_s", 30, 1, 3600));
        if (auto t = h->optional_object("tls")) {
            cfg.http.tls = http::TlsOptions{t->string("certificate_file"), t->string("private_key_file")};
            t->reject_unknown_keys();
        }
        // The UI's built files; a relative path is taken from the config file's folder.
        if (h->has("web_root")) {
            std::filesystem::path root = h->string("web_root");
            if (root.is_relative()) root = std::filesystem::path(path).parent_path() / root;
            cfg.http.web_root = root.lexically_normal().string();
        }
        if (auto w = h->optional_object("websockets")) {
            auto& ws = cfg.http.websockets;
            ws.max_per_person = static_cast<std::size_t>(w->integer("max_per_person", 8, 1, 64));
            ws.max_total = static_cast<std::size_t>(w->integer("max_total", 1000, 1, 100000));
            // 125 bytes: a control frame's most, so that a client's close or pong always fits.
            ws.read_message_max = static_cast<std::size_t>(w->integer("read_message_max_bytes", 4096, 125, 1 << 20));
            ws.idle_timeout_s = static_cast<int>(w->integer("idle_timeout_s", 60, 2, 3600));
            w->reject_unknown_keys();
        }
        h->reject_unknown_keys();
    }
    if (auto a = root.optional_object("auth")) cfg.auth = read_auth(*a);
    cfg.log_level = root.log_level("log_level");
    cfg.rules = rules::load_rules_config(root, "rules");
    cfg.webhooks = delivery::read_webhooks(root);
    cfg.source = path;
    root.reject_unknown_keys();
    // Handlers hold a connection for their whole run, so more workers than connections only queue.
    if (cfg.http.worker_threads > cfg.db_pool_size) cfg.http.worker_threads = cfg.db_pool_size;
    return cfg;
}

}  // namespace casetrail::app
