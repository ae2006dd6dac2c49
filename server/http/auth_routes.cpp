// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/auth_routes.hpp"

#include "common/time_format.hpp"
#include "server/domain/errors.hpp"
#include "server/http/dossier_routes.hpp"
#include "server/http/json_body.hpp"
#include "server/http/query_params.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;

namespace {

nlohmann::json token_json(const store::TokenRecord& t) {
    using common::format_utc;
    return {{"id", t.id},
            {"kind", t.kind},
            {"owner", t.owner},
            {"label", t.label ? nlohmann::json(*t.label) : nlohmann::json(nullptr)},
            {"created_at", format_utc(t.created_at)},
            {"created_by", t.created_by},
            {"expires_at", format_utc(t.expires_at)},
            {"revoked_at", t.revoked_at ? nlohmann::json(format_utc(*t.revoked_at)) : nlohmann::json(nullptr)}};
}

nlohmann::json issued_json(const domain::IssuedToken& issued) {
    auto body = token_json(issued.record);
    body["token"] = issued.token;  // the only time it is shown
    return body;
}

}  // namespace

nlohmann::json me_json(const domain::Principal& who) {
    return {{"name", who.name},
            {"kind", who.is_person() ? "person" : "machine"},
            {"unit", who.unit.empty() ? nlohmann::json(nullptr) : nlohmann::json(who.unit)},
            {"roles", domain::role_names(who.roles)},
            {"units", who.all_units ? nlohmann::json("all") : nlohmann::json(who.units)},
            {"token_id", who.token_id}};
}

void add_auth_routes(Router& router, domain::AuthService& service) {
    router.add("POST", "/api/v1/login", public_route(), [&service](const ApiRequest& req, const RouteParams&) {
        const auto b = JsonBody::parse(req.body);
        const auto login = b.text("login");
        const auto password = b.text("password");
        b.reject_unknown();
        return ApiResponse{200, issued_json(service.login(login, password, req.remote))};
    });
    router.add("POST", "/api/v1/logout", allow(kAnyStaff), [&service](const ApiRequest& req, const RouteParams& p) {
        service.logout(*p.principal, req.remote);
        return ApiResponse{200, {{"logged_out", p.principal->name}}};
    });
    router.add("GET", "/api/v1/me", allow(kEveryRole), [](const ApiRequest&, const RouteParams& p) {
        return ApiResponse{200, me_json(*p.principal)};
    });
    router.add("GET", "/api/v1/tokens", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams& p) {
        for (const auto& [key, _] : p.query) {
            if (key != "all" && key != "ended") throw domain::InvalidArgument(key + ": is not a token list parameter");
        }
        const auto flag = [&](const char* key) {
            const auto v = query_text(p, key);
            if (v && *v != "true" && *v != "false")
                throw domain::InvalidArgument(std::string(key) + ": must be true or false");
            return v && *v == "true";
        };
        nlohmann::json list = nlohmann::json::array();
        for (const auto& t : service.tokens(*p.principal, flag("all"), flag("ended"))) list.push_back(token_json(t));
        return ApiResponse{200, {{"tokens", list}}};
    });
    router.add("POST", "/api/v1/tokens", allow(kAnyStaff), [&service](const ApiRequest& req, const RouteParams& p) {
        const auto b = JsonBody::parse(req.body);
        domain::TokenRequest t;
        t.label = b.optional_text("label");
        t.machine = b.optional_text("machine");
        t.lifetime = std::chrono::seconds(b.integer("expires_in_s", 90 * 24 * 3600, 1, INT32_MAX));
        b.reject_unknown();
        return ApiResponse{201, issued_json(service.issue(*p.principal, t, req.remote))};
    });
    router.add("POST", "/api/v1/tokens/{token}/revoke", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   JsonBody::parse(req.body.empty() ? "{}" : req.body).reject_unknown();
                   return ApiResponse{200, token_json(service.revoke(
                                               *p.principal, path_integer(p, "token", 1, INT64_MAX), req.remote))};
               });
    router.add("PUT", "/api/v1/staff/{login}/password", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto current = b.optional_text("current_password");
                   const auto password = b.text("password");
                   b.reject_unknown();
                   service.set_password(*p.principal, p.path.at("login"), current, password, req.remote);
                   return ApiResponse{200, {{"login", p.path.at("login")}, {"password_set", true}}};
               });
    router.add("POST", "/api/v1/staff/{login}/unlock", allow(domain::roles({domain::Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   JsonBody::parse(req.body.empty() ? "{}" : req.body).reject_unknown();
                   const auto r = service.unlock(*p.principal, p.path.at("login"), req.remote);
                   return ApiResponse{200,
                                      {{"login", r.login},
                                       {"login_was_locked", r.login_was_locked},
                                       {"addresses_unlocked", r.addresses_unlocked}}};
               });
}

}  // namespace casetrail::http
