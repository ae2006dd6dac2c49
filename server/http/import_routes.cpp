// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/import_routes.hpp"

#include "server/domain/import_refused.hpp"
#include "server/http/acting_user.hpp"
#include "server/http/dossier_routes.hpp"
#include "server/http/json_body.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

namespace {

nlohmann::json summary_json(const store::ImportSummary& s) {
    return {{"id", s.id},
            {"state", s.state},
            {"rows", s.rows},
            {"dossiers_created", s.dossiers_created},
            {"volumes_created", s.volumes_created},
            {"tags_bound", s.tags_bound}};
}

nlohmann::json problems_json(const std::vector<store::ImportProblem>& problems) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : problems) list.push_back({{"line", p.line}, {"field", p.field}, {"message", p.message}});
    return list;
}

}  // namespace

void add_import_routes(Router& router, domain::ImportService& service) {
    router.add("POST", "/api/v1/imports", allow(roles({Role::clerk, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   const auto source = b.optional_text("source");
                   b.reject_unknown();
                   return ApiResponse{201, summary_json(service.start(by, source))};
               });
    router.add("POST", "/api/v1/imports/{import}/rows", allow(roles({Role::clerk, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   std::vector<store::ImportRow> rows;
                   for (const auto& r : b.objects("rows")) {
                       store::ImportRow row;
                       row.line = static_cast<int>(r.integer("line", 0, 1, 100'000'000));
                       row.case_number = r.optional_text("case_number");
                       row.title = r.optional_text("title");
                       row.case_type = r.optional_text("case_type");
                       row.unit = r.optional_text("unit");
                       row.handler = r.optional_text("handler");
                       row.home = r.optional_text("home");
                       row.epc = r.optional_text("epc");
                       if (r.has("volume")) row.volume = r.integer("volume", 1, -1'000'000, 1'000'000);
                       r.reject_unknown();
                       rows.push_back(std::move(row));
                   }
                   b.reject_unknown();
                   return ApiResponse{
                       200, {{"staged", service.stage(path_integer(p, "import", 1, INT64_MAX), std::move(rows))}}};
               });
    router.add("GET", "/api/v1/imports/{import}/problems", allow(roles({Role::clerk, Role::admin})),
               [&service](const ApiRequest&, const RouteParams& p) {
                   return ApiResponse{
                       200, {{"problems", problems_json(service.check(path_integer(p, "import", 1, INT64_MAX)))}}};
               });
    router.add(
        "POST", "/api/v1/imports/{import}/commit", allow(roles({Role::clerk, Role::admin})),
        [&service](const ApiRequest& req, const RouteParams& p) {
            const auto b = JsonBody::parse(req.body.empty() ? "{}" : req.body);
            const auto by = acting_login(b, p);
            b.reject_unknown();
            try {
                return ApiResponse{200, summary_json(service.commit(path_integer(p, "import", 1, INT64_MAX), by))};
            } catch (const domain::ImportRefused& e) {
                auto r = error_response(409, "conflict", e.what());
                r.body["error"]["problems"] = problems_json(e.problems());
                return r;
            }
        });
    router.add("GET", "/api/v1/imports/{import}", allow(roles({Role::clerk, Role::admin})),
               [&service](const ApiRequest&, const RouteParams& p) {
                   return ApiResponse{200, summary_json(service.summary(path_integer(p, "import", 1, INT64_MAX)))};
               });
}

}  // namespace casetrail::http
