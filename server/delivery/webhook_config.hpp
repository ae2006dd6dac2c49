// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The webhooks alert notices are posted to (an SMS or messaging gateway), from the server's config.

#include <string>
#include <vector>

#include "common/config_reader.hpp"

namespace casetrail::delivery {

struct WebhookConfig {
    std::string name;  // names its queue and its deliveries; keep it when the URL changes
    std::string host;
    int port = 80;
    std::string path = "/";
    std::string secret;
    int timeout_ms = 5000;
    int max_attempts = 8;
    int backoff_s = 2;  // the first retry; each next one waits twice as long, at most kMaxBackoffS
    std::string url() const { return "http://" + host + ":" + std::to_string(port) + path; }
};

inline constexpr int kMaxBackoffS = 600;

// The optional "webhooks" array of `root`; throws common::ConfigError naming the key and the value.
std::vector<WebhookConfig> read_webhooks(const common::ConfigObject& root);

}  // namespace casetrail::delivery
