// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/delivery/webhook_config.hpp"

#include <fstream>
#include <set>

#include <boost/asio/ip/address.hpp>

namespace casetrail::delivery {

namespace {

constexpr const char* kPlainFlag = "allow_plain_http_loopback";

// host[:port] or [IPv6][:port]: the port text is "" when none is given.
std::string split_authority(const common::ConfigObject& o, const std::string& quoted, const std::string& authority,
                            WebhookConfig& w) {
    // The secret authenticates us; a password in the URL would be stored with every delivery's target.
    if (authority.find('@') != std::string::npos) o.fail("url", quoted + " names a user: user:password@ is not taken");
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) o.fail("url", quoted + " has an IPv6 address without its closing ']'");
        w.host = authority.substr(1, close - 1);
        boost::system::error_code ec;
        boost::asio::ip::make_address_v6(w.host, ec);
        if (ec) o.fail("url", quoted + ": \"" + w.host + "\" is not an IPv6 address");
        const auto after = authority.substr(close + 1);
        if (after.empty()) return "";
        if (after[0] != ':') o.fail("url", quoted + " has text after the IPv6 address");
        return after.size() == 1 ? "x" : after.substr(1);  // "[::1]:" has a bad port
    }
    const auto colon = authority.find(':');
    w.host = authority.substr(0, colon);
    if (w.host.empty()) o.fail("url", quoted + " names no host");
    // No stray characters a resolver would take apart.
    if (w.host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
        std::string::npos) {
        o.fail("url", quoted + ": \"" + w.host + "\" is not a host name or an IPv4 address");
    }
    if (colon == std::string::npos) return "";
    return colon + 1 == authority.size() ? "x" : authority.substr(colon + 1);
}

// scheme://host[:port][/path].
void parse_url(const common::ConfigObject& o, const std::string& url, WebhookConfig& w) {
    const auto quoted = "\"" + url + "\"";
    const auto scheme_end = url.find("://");
    const auto scheme = scheme_end == std::string::npos ? std::string() : url.substr(0, scheme_end);
    if (scheme != "https" && scheme != "http") o.fail("url", quoted + " is not an https:// URL");
    w.tls = scheme == "https";
    const auto rest = url.substr(scheme_end + 3);
    const auto slash = rest.find('/');
    w.path = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto port = split_authority(o, quoted, rest.substr(0, slash), w);
    w.port = w.tls ? 443 : 80;
    if (!port.empty()) {
        if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
            std::stoi(port) > 65535) {
            o.fail("url", quoted + " has a bad port");
        }
        w.port = std::stoi(port);
    }
    if (w.path.find_first_of(" \r\n") != std::string::npos) o.fail("url", quoted + " has spaces or line breaks");
}

// Notices name people and dossiers: they cross the network only inside TLS. Plain HTTP is left for a
// receiver on this machine (a local relay), by name of its address (a host name could be made to
// resolve elsewhere), and only when the config says so in so many words.
void check_transport(const common::ConfigObject& o, const std::string& url, WebhookConfig& w) {
    const bool plain_allowed = o.boolean(kPlainFlag, false);
    if (w.tls) {
        if (plain_allowed) o.fail(kPlainFlag, "is only for an http:// URL to 127.0.0.1 or [::1]; this one is https");
        if (o.has("ca_file")) {
            const auto ca = common::resolve_beside(o.file(), o.string("ca_file"));
            if (!std::ifstream(ca)) o.fail("ca_file", "\"" + ca + "\" cannot be read");
            w.ca_file = ca;
        }
        return;
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(w.host, ec);
    if (ec || !address.is_loopback()) {
        o.fail("url", "\"" + url +
                          "\": plain http is refused (notices would cross the network unencrypted and the receiver "
                          "unverified): use https://; plain http only to 127.0.0.1 or [::1], with \"" +
                          kPlainFlag + "\": true");
    }
    if (!plain_allowed) {
        o.fail("url", "\"" + url + "\": plain http, even to this machine, needs \"" + kPlainFlag +
                          "\": true (or use https://)");
    }
    if (o.has("ca_file")) o.fail("ca_file", "is only for an https:// URL");
}

}  // namespace

std::string WebhookConfig::url() const {
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) +
           path;
}

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
        const auto url = o.string("url");
        parse_url(o, url, w);
        check_transport(o, url, w);
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
