// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A browser's session: the same session token the CLI gets, kept in an HttpOnly, SameSite=Strict cookie
// (Secure under TLS) so that no script can read it. A cookie goes with every request the browser makes,
// even one another site starts, so a request borne by the cookie must also come from our own origin
// (Origin, when sent, names this server) and, unless it only reads, carry the CSRF token the session
// answer gave the page, which another site cannot learn. A bearer token in Authorization is taken first
// and needs neither: no browser sends one by itself.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/api_types.hpp"

namespace casetrail::http {

inline constexpr std::string_view kSessionCookie = "ct_session";

// The token a request carries, and whether it came in the cookie.
struct Credential {
    std::string token;
    bool from_cookie = false;
};

// Authorization's bearer token when there is one, else the session cookie's.
Credential request_credential(const ApiRequest& request);

// The value of cookie `name` in a Cookie header ("a=1; b=2"); empty when absent.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// The CSRF token that goes with a session token (derived from it: nothing to store, nothing another site sees).
std::string csrf_token_for(std::string_view session_token);

// Whether the request's Origin, when it sends one, is this server's own (scheme and Host).
bool same_origin(const ApiRequest& request);

// Why a request borne by the session cookie is refused (nullopt: it may go on).
std::optional<std::string> cookie_request_refusal(const ApiRequest& request, std::string_view token);

// Set-Cookie values: the session for `max_age`, and its removal.
std::string session_cookie(std::string_view token, std::chrono::seconds max_age, bool secure);
std::string ended_session_cookie(bool secure);

}  // namespace casetrail::http
