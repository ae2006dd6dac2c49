// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The server's configuration file (see config/server.example.json).

#include <string>
#include <vector>

#include "server/delivery/webhook_config.hpp"

#include "common/json_log.hpp"
#include "server/domain/auth_service.hpp"
#include "server/http/http_server.hpp"
#include "server/rules/rule_settings.hpp"

namespace casetrail::app {

struct ServerConfig {
    std::string database;  // libpq connection string
    int db_pool_size = 4;
    http::HttpServerOptions http;
    common::LogLevel log_level = common::LogLevel::info;
    domain::AuthSettings auth;  // "auth": lockout, token lifetimes, login rate
    rules::RulesConfig rules;   // "rules": an object, or the path of a rules file (config/rules.json)
    std::vector<delivery::WebhookConfig> webhooks;
    std::string source;  // the file it came from, for messages
};

// Throws common::ConfigError naming the file, the key and the value.
ServerConfig load_server_config(const std::string& path);

}  // namespace casetrail::app
