// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/audit_routes.hpp"

#include "server/http/query_params.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

void add_audit_routes(Router& router, domain::AuditService& service) {
    router.add("GET", "/api/v1/audit/verify", allow(roles({Role::legal_officer, Role::admin})),
               [&service](const ApiRequest&, const RouteParams& p) {
                   for (const auto& [key, _] : p.query) {
                       if (key != "head") throw domain::InvalidArgument(key + ": is not an audit check parameter");
                   }
                   const auto v = service.verify(query_text(p, "head"));
                   return ApiResponse{
                       200,
                       {{"intact", !v.first_bad.has_value()},
                        {"rows", v.rows},
                        {"head", v.head},
                        {"first_bad", v.first_bad ? nlohmann::json(*v.first_bad) : nlohmann::json(nullptr)},
                        {"problem", v.problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.problem)},
                        {"message", v.message}}};
               });
}

}  // namespace casetrail::http
