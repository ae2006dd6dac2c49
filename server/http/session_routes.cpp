// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/session_routes.hpp"

#include "server/domain/errors.hpp"
#include "server/http/auth_routes.hpp"
#include "server/http/browser_session.hpp"
#include "server/http/json_body.hpp"

namespace casetrail::http {

using domain::kAnyStaff;

namespace {

ApiResponse session_answer(const domain::Principal& who, std::string_view token) {
    return ApiResponse{200, {{"me", me_json(who)}, {"csrf_token", csrf_token_for(token)}}};
}

}  // namespace

void add_session_routes(Router& router, domain::AuthService& service) {
    router.add(
        "POST", "/api/v1/session", public_route(), [&service, &router](const ApiRequest& req, const RouteParams&) {
            // Another site's page must not sign a browser in under a login of its choosing.
            if (!same_origin(req)) {
                throw domain::Forbidden("a sign-in from " + req.origin + " is refused: sign in on this server's page");
            }
            const auto b = JsonBody::parse(req.body);
            const auto login = b.text("login");
            const auto password = b.text("password");
            b.reject_unknown();
            const auto issued = service.login(login, password, req.remote);
            const auto who = router.authenticate_token(issued.token);
            if (!who) throw domain::Unauthorized("the session ended as it began; sign in again");
            auto res = session_answer(*who, issued.token);
            const auto life =
                std::chrono::duration_cast<std::chrono::seconds>(issued.record.expires_at - issued.record.created_at);
            res.headers.emplace_back("Set-Cookie", session_cookie(issued.token, life, req.secure));
            res.headers.emplace_back("Cache-Control", "no-store");
            return res;
        });
    router.add("GET", "/api/v1/session", allow(kAnyStaff), [](const ApiRequest& req, const RouteParams& p) {
        auto res = session_answer(*p.principal, request_credential(req).token);
        res.headers.emplace_back("Cache-Control", "no-store");
        return res;
    });
    router.add("DELETE", "/api/v1/session", allow(kAnyStaff), [&service](const ApiRequest& req, const RouteParams& p) {
        service.logout(*p.principal, req.remote);
        ApiResponse res{200, {{"logged_out", p.principal->name}}};
        res.headers.emplace_back("Set-Cookie", ended_session_cookie(req.secure));
        return res;
    });
}

}  // namespace casetrail::http
