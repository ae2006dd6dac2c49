// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/browser_session.hpp"

#include <cctype>

#include "server/domain/password_hash.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool reads_only(std::string_view method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

// Compares in time that does not depend on where the first difference is.
bool equal_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

Credential request_credential(const ApiRequest& request) {
    if (!request.authorization.empty()) return {std::string(bearer_token(request.authorization)), false};
    auto token = cookie_value(request.cookie, kSessionCookie);
    if (token.empty()) return {};
    return {std::move(token), true};
}

std::string cookie_value(std::string_view cookie_header, std::string_view name) {
    std::size_t start = 0;
    while (start <= cookie_header.size()) {
        const auto end = cookie_header.find(';', start);
        const auto pair = trimmed(cookie_header.substr(start, end == std::string_view::npos ? end : end - start));
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && trimmed(pair.substr(0, eq)) == name) {
            return std::string(trimmed(pair.substr(eq + 1)));
        }
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return {};
}

std::string csrf_token_for(std::string_view session_token) {
    static constexpr char kHex[] = "0123456789abcdef";
    const auto digest = domain::token_digest(std::string("casetrail-csrf|") + std::string(session_token));
    std::string out;
    out.reserve(digest.size() * 2);
    for (const unsigned char c : digest) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    return out;
}

bool same_origin(const ApiRequest& request) {
    if (request.origin.empty()) return true;
    const std::string own = std::string(request.secure ? "https://" : "http://") + lower(request.host);
    return lower(request.origin) == own;
}

std::optional<std::string> cookie_request_refusal(const ApiRequest& request, std::string_view token) {
    if (!same_origin(request)) {
        return "a request from " + request.origin +
               " may not use this server's session; sign in on this server's own page";
    }
    if (reads_only(request.method)) return std::nullopt;
    if (request.csrf_token.empty()) {
        return "a change made with the session cookie needs the X-CSRF-Token header (from GET /api/v1/session)";
    }
    if (!equal_secret(request.csrf_token, csrf_token_for(token))) {
        return "the X-CSRF-Token header does not belong to this session";
    }
    return std::nullopt;
}

std::string session_cookie(std::string_view token, std::chrono::seconds max_age, bool secure) {
    return std::string(kSessionCookie) + "=" + std::string(token) +
           "; Path=/; Max-Age=" + std::to_string(max_age.count()) + "; HttpOnly; SameSite=Strict" +
           (secure ? "; Secure" : "");
}

std::string ended_session_cookie(bool secure) {
    return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

}  // namespace casetrail::http
