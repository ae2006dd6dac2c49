// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The webhooks alert notices are posted to (an SMS or messaging gateway), from the server's config.
// HTTPS, the receiver's certificate verified against the system's CAs or a CA file; plain HTTP only to a
// receiver on this machine's loopback address, and only when the config says so.

#include <optional>
#include <string>
#include <vector>

#include "common/config_reader.hpp"

namespace casetrail::delivery {

struct WebhookConfig {
    std::string name;  // names its queue and its deliveries; keep it when the URL changes
    bool tls = true;   // https://; false only for a loopback receiver allowed plain HTTP
    std::string host;  // a name or an IP address (IPv6 without its brackets)
    int port = 443;
    std::string path = "/";
    std::optional<std::string> ca_file;  // PEM; the system's CA store when absent
    std::string secret;
    int timeout_ms = 5000;
    int max_attempts = 8;
    int backoff_s = 2;  // the first retry; each next one waits twice as long, at most kMaxBackoffS
    std::string url() const;
};

inline constexpr int kMaxBackoffS = 600;

// The optional "webhooks" array of `root`; throws common::ConfigError naming the key and the value.
// A relative ca_file is taken from the config file's folder.
std::vector<WebhookConfig> read_webhooks(const common::ConfigObject& root);

}  // namespace casetrail::delivery
