// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Routes requests to handlers by method and path pattern ("/api/v1/dossiers/{id}/location"), and maps
// the exceptions handlers throw to the one JSON error shape: invalid -> 400, no valid token -> 401, a role
// that may not -> 403, unknown -> 404, not allowed now or colliding -> 409, too many attempts -> 429,
// database unreachable -> 503, anything else -> 500 (logged, not shown).
//
// Every route names the roles it allows; only a route marked public is served without a token (a bearer
// token, or a browser's session cookie under the rules of browser_session.hpp). Before a
// handler runs, the scope check sees the path's parameters ({id}, {handover}, {alert}, {login}), so that
// what lies outside one's scope is refused for every route that names it, not only where remembered.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_log.hpp"
#include "server/domain/principal.hpp"
#include "server/http/api_types.hpp"

namespace casetrail::http {

using Handler = std::function<ApiResponse(const ApiRequest&, const RouteParams&)>;

// Who may call a route: a set of roles, or everyone without a token.
struct Access {
    domain::RoleSet roles = 0;
    bool is_public = false;
};
inline Access allow(domain::RoleSet roles) { return Access{roles, false}; }
inline Access public_route() { return Access{0, true}; }

struct Route {
    std::string method;
    std::string pattern;
    Access access;
    Handler handler;
};

// Who holds a bearer token (nullopt: nobody), and what a principal may see of a path's parameters
// (throws what an unknown thing gets).
using Authenticator = std::function<std::optional<domain::Principal>(std::string_view token)>;
using ScopeCheck = std::function<void(const domain::Principal&, std::string_view pattern, const RouteParams&)>;

class Router {
public:
    explicit Router(common::Logger log) : log_(std::move(log)) {}

    void add(std::string method, std::string pattern, Access access, Handler handler);
    void set_access(Authenticator authenticate, ScopeCheck scope);
    // The token's holder, as handle() finds it (the WebSocket upgrade asks too).
    std::optional<domain::Principal> authenticate(std::string_view authorization) const;
    std::optional<domain::Principal> authenticate_token(std::string_view token) const;
    // The scope check alone, for what is not a route (a dossier's change stream).
    void check_scope(const domain::Principal& who, std::string_view pattern, const RouteParams& params) const {
        if (scope_) scope_(who, pattern, params);
    }
    const std::vector<Route>& routes() const { return routes_; }

    // Never throws.
    ApiResponse handle(const ApiRequest& request) const;

private:
    std::vector<Route> routes_;
    Authenticator authenticate_;
    ScopeCheck scope_;
    common::Logger log_;
};

// The token of an "Authorization: Bearer <token>" header; empty for anything else.
std::string_view bearer_token(std::string_view authorization);

// The percent-decoded query parameters of a request target; domain::InvalidArgument for a bad escape.
std::map<std::string, std::string> parse_query(std::string_view target);

// Decodes %XX escapes; nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace casetrail::http
