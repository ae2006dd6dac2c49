#pragma once
// The server's configuration file (see config/server.example.json).

#include <string>
#include <vector>

#include "delivery/webhook_config.hpp"

#include "domain/auth_service.hpp"
#include "http/http_server.hpp"
#include "rules/rule_settings.hpp"
#include "support/json_log.hpp"

namespace casetrail::app {

struct ServerConfig {
    std::string database;  // libpq connection string
    int db_pool_size = 4;
    http::HttpServerOptions http;
    support::LogLevel log_level = support::LogLevel::info;
    domain::AuthSettings auth;  // "auth": lockout, token lifetimes, login rate
    rules::RulesConfig rules;  // "rules": an object, or the path of a rules file (config/rules.json)
    std::vector<delivery::WebhookConfig> webhooks;
    std::string source;  // the file it came from, for messages
};

// Throws support::ConfigError naming the file, the key and the value.
ServerConfig load_server_config(const std::string& path);

}  // namespace casetrail::app
