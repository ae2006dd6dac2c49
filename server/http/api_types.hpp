// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The API's own request and response shapes, independent of Beast, so that routing and handlers can be
// tested without a socket.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace casetrail::domain {
struct Principal;
}

namespace casetrail::http {

struct ApiRequest {
    std::string method;  // "GET", "POST", ...
    std::string target;  // raw request target: path and query, still percent-encoded
    std::string body;
    std::string authorization;  // the Authorization header, as sent
    std::string remote;         // the peer's address, for login throttling and the trail
    // What a browser sends (see browser_session.hpp): Cookie, Origin, Host and X-CSRF-Token, as sent.
    std::string cookie;
    std::string origin;
    std::string host;
    std::string csrf_token;
    bool secure = false;  // the connection is TLS
};

struct ApiResponse {
    ApiResponse() = default;
    ApiResponse(unsigned s, nlohmann::json b) : status(s), body(std::move(b)) {}

    unsigned status = 200;
    nlohmann::json body = nlohmann::json::object();
    // A body that is not JSON (a CSV export): sent as it is, with this content type.
    std::string raw;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;  // more (WWW-Authenticate, Retry-After)
};

// Path parameters ({id}) and query parameters, percent-decoded; who asks (none on a public route).
struct RouteParams {
    std::map<std::string, std::string> path;
    std::map<std::string, std::string> query;
    const domain::Principal* principal = nullptr;
};

// The one error shape of every failed request: {"error": {"status": .., "code": "..", "message": ".."}}.
ApiResponse error_response(unsigned status, const std::string& code, const std::string& message);
// 401 with the WWW-Authenticate header that names the Bearer scheme.
ApiResponse unauthorized_response(const std::string& message);

}  // namespace casetrail::http
