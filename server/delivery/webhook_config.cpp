// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/delivery/webhook_config.hpp"

#include <set>

namespace casetrail::delivery {

namespace {

// http://host[:port][/path]: the URL forms a webhook may take (TLS comes with the security work).
void parse_url(const common::ConfigObject& o, const std::string& url, WebhookConfig& w) {
    const std::string scheme = "http://";
    if (url.rfind("https://", 0) == 0)
        o.fail("url", "\"" + url + "\": https webhooks are not supported yet; use http on a trusted network");
    if (url.rfind(scheme, 0) != 0) o.fail("url", "\"" + url + "\" is not an http:// URL");
    const auto rest = url.substr(scheme.size());
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    w.path = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon = authority.rfind(':');
    w.host = authority.substr(0, colon);
    if (w.host.empty()) o.fail("url", "\"" + url + "\" names no host");
    if (colon != std::string::npos) {
        const auto port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(port) < 1 || std::stoi(port) > 65535) {
            o.fail("url", "\"" + url + "\" has a bad port");
        }
        w.port = std::stoi(port);
    }
    if (w.path.find_first_of(" \r\n") != std::string::npos) o.fail("url", "\"" + url + "\" has spaces or line breaks");
}

}  // namespace

std::vector<WebhookConfig> read_webhooks(const common::ConfigObject& root) {
    std::vector<WebhookConfig> out;
    if (!root.has("webhooks")) return out;
    std::set<std::string> names;
    for (const auto& o : root.objects("webhooks")) {
        WebhookConfig w;
        w.name = o.string("name");
        if (w.name.empty() || w.name.size() > 64 ||
            w.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos) {
            o.fail("name", "\"" + w.name + "\" must be 1-64 lower-case letters, digits, '_' or '-'");
        }
        if (!names.insert(w.name).second) o.fail("name", "\"" + w.name + "\" is used twice");
        parse_url(o, o.string("url"), w);
        w.secret = o.string("secret");
        if (w.secret.size() < 16) o.fail("secret", "must be at least 16 characters");
        w.timeout_ms = static_cast<int>(o.integer("timeout_ms", w.timeout_ms, 100, 60000));
        w.max_attempts = static_cast<int>(o.integer("max_attempts", w.max_attempts, 1, 50));
        w.backoff_s = static_cast<int>(o.integer("backoff_s", w.backoff_s, 1, kMaxBackoffS));
        o.reject_unknown_keys();
        out.push_back(std::move(w));
    }
    return out;
}

}  // namespace casetrail::delivery
