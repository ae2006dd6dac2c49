// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/router.hpp"

#include <cctype>

#include "common/pg/store_errors.hpp"
#include "server/domain/errors.hpp"
#include "server/http/browser_session.hpp"

namespace casetrail::http {

ApiResponse error_response(unsigned status, const std::string& code, const std::string& message) {
    return ApiResponse{status, {{"error", {{"status", status}, {"code", code}, {"message", message}}}}};
}

ApiResponse unauthorized_response(const std::string& message) {
    auto res = error_response(401, "unauthorized", message);
    res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"casetrail\"");
    return res;
}

namespace {

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(sep, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
}

std::string decoded(std::string_view raw, const char* what) {
    auto d = percent_decode(raw);
    if (!d) throw domain::InvalidArgument(std::string("malformed percent-encoding in the ") + what);
    return *d;
}

// Matches the path's segments against the pattern's; fills {name} parameters.
bool match(std::string_view pattern, const std::vector<std::string_view>& segments,
           std::map<std::string, std::string>& params) {
    const auto want = split(pattern, '/');
    if (want.size() != segments.size()) return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
            found[std::string(want[i].substr(1, want[i].size() - 2))] = decoded(segments[i], "path");
        } else if (want[i] != segments[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

}  // namespace

std::map<std::string, std::string> parse_query(std::string_view target) {
    std::map<std::string, std::string> query;
    const auto qpos = target.find('?');
    if (qpos == std::string_view::npos) return query;
    for (auto pair : split(target.substr(qpos + 1), '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const auto key = decoded(pair.substr(0, eq), "query");
        query[key] = eq == std::string_view::npos ? "" : decoded(pair.substr(eq + 1), "query");
    }
    return query;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = hex(text[i + 1]);
        const int lo = hex(text[i + 2]);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler) {
    routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler)});
}

void Router::set_access(Authenticator authenticate, ScopeCheck scope) {
    authenticate_ = std::move(authenticate);
    scope_ = std::move(scope);
}

std::string_view bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
            std::tolower(static_cast<unsigned char>(scheme[i]))) {
            return {};
        }
    }
    auto token = authorization.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    return token;
}

std::optional<domain::Principal> Router::authenticate(std::string_view authorization) const {
    return authenticate_token(bearer_token(authorization));
}

std::optional<domain::Principal> Router::authenticate_token(std::string_view token) const {
    if (token.empty() || !authenticate_) return std::nullopt;
    return authenticate_(token);
}

ApiResponse Router::handle(const ApiRequest& request) const {
    try {
        const std::string_view target = request.target;
        const auto qpos = target.find('?');
        const auto path = target.substr(0, qpos);
        RouteParams params;
        params.query = parse_query(target);
        const auto segments = split(path, '/');
        bool path_known = false;
        for (const auto& route : routes_) {
            std::map<std::string, std::string> path_params;
            if (!match(route.pattern, segments, path_params)) continue;
            path_known = true;
            if (route.method != request.method) continue;
            params.path = std::move(path_params);
            if (route.access.is_public) return route.handler(request, params);
            const auto credential = request_credential(request);
            const auto who = authenticate_token(credential.token);
            if (!who) {
                if (credential.token.empty() && request.authorization.empty())
                    return unauthorized_response("this needs a token (Authorization: Bearer <token>) or a session");
                return unauthorized_response(credential.from_cookie
                                                 ? "the session has ended (expired, signed out or revoked)"
                                                 : "the token is not valid (unknown, expired or revoked)");
            }
            if (credential.from_cookie) {
                if (auto why = cookie_request_refusal(request, credential.token))
                    return error_response(403, "forbidden", *why);
            }
            if ((route.access.roles & who->roles) == 0) {
                return error_response(403, "forbidden",
                                      "your roles (" + join(domain::role_names(who->roles)) + ") do not allow " +
                                          route.method + " " + route.pattern);
            }
            params.principal = &*who;
            if (scope_) scope_(*who, route.pattern, params);
            return route.handler(request, params);
        }
        if (path_known)
            return error_response(405, "method_not_allowed", "method " + request.method + " is not allowed here");
        return error_response(404, "not_found", "no such resource: " + std::string(path));
    } catch (const domain::InvalidArgument& e) {
        return error_response(400, "invalid_argument", e.what());
    } catch (const domain::NotFound& e) {
        return error_response(404, "not_found", e.what());
    } catch (const domain::Unauthorized& e) {
        return unauthorized_response(e.what());
    } catch (const domain::Forbidden& e) {
        return error_response(403, "forbidden", e.what());
    } catch (const domain::TooManyRequests& e) {
        auto res = error_response(429, "too_many_requests", e.what());
        res.headers.emplace_back("Retry-After", std::to_string(e.retry_after_s));
        return res;
    } catch (const domain::Conflict& e) {
        return error_response(409, "conflict", e.what());
    } catch (const pg::StoreConflict& e) {
        return error_response(409, "conflict", e.what());
    } catch (const pg::StoreUnknown& e) {
        return error_response(400, "unknown_reference", e.what());
    } catch (const pg::StoreInvalid& e) {
        return error_response(400, "invalid_argument", e.what());
    } catch (const nlohmann::json::exception& e) {
        return error_response(400, "bad_json", e.what());
    } catch (const pg::StoreUnavailable& e) {
        log_.warn("database unavailable", {{"target", request.target}, {"error", e.what()}});
        return error_response(503, "unavailable", "the database is unavailable; try again shortly");
    } catch (const std::exception& e) {
        log_.error("request failed", {{"target", request.target}, {"error", e.what()}});
        return error_response(500, "internal", "internal error");
    }
}

}  // namespace casetrail::http
