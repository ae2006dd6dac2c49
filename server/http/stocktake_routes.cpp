// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/stocktake_routes.hpp"

#include <map>

#include "common/time_format.hpp"
#include "server/domain/errors.hpp"
#include "server/http/acting_user.hpp"
#include "server/http/dossier_routes.hpp"
#include "server/http/json_body.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

namespace {

using common::format_utc;

nlohmann::json opt(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

nlohmann::json session_json(const store::StocktakeRecord& s) {
    return {{"id", s.id},
            {"scope", s.scope},
            {"state", s.finished_at ? "finished" : "open"},
            {"started_by", s.started_by},
            {"started_at", format_utc(s.started_at)},
            {"finished_by", opt(s.finished_by)},
            {"finished_at", s.finished_at ? nlohmann::json(format_utc(*s.finished_at)) : nlohmann::json(nullptr)},
            {"note", opt(s.note)},
            {"expected", s.expected},
            {"participants", s.participants}};
}

nlohmann::json result_json(const store::StocktakeResult& r) {
    std::map<std::string, int> summary = {{"present", 0}, {"missing", 0}, {"misplaced", 0}, {"unknown_tag", 0}};
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : r.items) {
        ++summary[i.cls];
        items.push_back(
            {{"class", i.cls},
             {"case_number", opt(i.case_number)},
             {"volume", i.volume_no ? nlohmann::json(*i.volume_no) : nlohmann::json(nullptr)},
             {"epc", opt(i.epc)},
             {"belongs_at", opt(i.home)},
             {"seen_at", opt(i.seen_at)},
             {"seen_by", opt(i.seen_by)},
             {"last_known", i.last_known
                                ? nlohmann::json{{"at", *i.last_known},
                                                 {"state", opt(i.last_state)},
                                                 {"since", i.last_since ? nlohmann::json(format_utc(*i.last_since))
                                                                        : nlohmann::json(nullptr)}}
                                : nlohmann::json(nullptr)},
             {"checked_out_to", opt(i.checked_out_to)}});
    }
    nlohmann::json staff = nlohmann::json::array();
    for (const auto& s : r.by_staff) staff.push_back({{"login", s.login}, {"scans", s.scans}, {"batches", s.batches}});
    return {{"stocktake", session_json(r.session)}, {"summary", summary}, {"items", items}, {"scans_by_staff", staff}};
}

// The result as `who` may see it: lines naming a dossier outside their scope are left out (counted as
// "hidden"), so that counting a shared archive room tells nobody another unit's case numbers. The summary
// still counts every line.
store::StocktakeResult in_scope(store::StocktakeResult r, const domain::Principal& who, domain::AccessPolicy& access,
                                int& hidden) {
    std::vector<std::string> named;
    for (const auto& i : r.items) {
        if (i.case_number) named.push_back(*i.case_number);
    }
    const auto visible = access.visible_case_numbers(who, named);
    hidden = 0;
    std::vector<store::StocktakeItem> kept;
    for (auto& i : r.items) {
        if (i.case_number && !visible.count(*i.case_number)) {
            ++hidden;
            continue;
        }
        kept.push_back(std::move(i));
    }
    r.items = std::move(kept);
    return r;
}

nlohmann::json scoped_result_json(const store::StocktakeResult& full, const domain::Principal& who,
                                  domain::AccessPolicy& access) {
    int hidden = 0;
    const auto seen = in_scope(full, who, access, hidden);
    auto body = result_json(seen);
    body["summary"] = result_json(full)["summary"];
    body["hidden"] = hidden;
    return body;
}

}  // namespace

void add_stocktake_routes(Router& router, domain::StocktakeService& service, domain::AccessPolicy& access) {
    router.add("POST", "/api/v1/stocktakes", allow(roles({Role::clerk, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto scope = b.text("scope");
                   const auto by = acting_login(b, p);
                   const auto note = b.optional_text("note");
                   const auto participants = b.texts("participants");
                   b.reject_unknown();
                   return ApiResponse{201, session_json(service.start(scope, by, note, participants))};
               });
    router.add("POST", "/api/v1/stocktakes/{stocktake}/participants",
               allow(roles({Role::clerk, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto login = b.text("login");
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   const auto out = service.add_participant(path_integer(p, "stocktake", 1, INT64_MAX), login, by,
                                                            domain::AccessPolicy::oversees_stocktakes(*p.principal));
                   return ApiResponse{201,
                                      {{"login", login},
                                       {"already_participant", out.already_participant},
                                       {"participants", out.session.participants}}};
               });
    router.add("POST", "/api/v1/stocktakes/{stocktake}/scans", allow(domain::kScanningRoles),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto batch = b.text("batch_id");
                   const auto by = acting_login(b, p);
                   std::vector<domain::NewScan> scans;
                   for (const auto& s : b.objects("scans")) {
                       scans.push_back({s.text("epc"), s.text("location"), s.time("at")});
                       s.reject_unknown();
                   }
                   b.reject_unknown();
                   const auto out = service.upload(path_integer(p, "stocktake", 1, INT64_MAX), batch, by, scans,
                                                   domain::AccessPolicy::oversees_stocktakes(*p.principal));
                   return ApiResponse{
                       200,
                       {{"batch_id", out.batch_id}, {"scans", out.scans}, {"already_uploaded", out.already_uploaded}}};
               });
    router.add("POST", "/api/v1/stocktakes/{stocktake}/finish",
               allow(roles({Role::clerk, Role::supervisor, Role::admin})),
               [&service, &access](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   const bool any = domain::AccessPolicy::oversees_stocktakes(*p.principal);
                   return ApiResponse{
                       200, scoped_result_json(service.finish(path_integer(p, "stocktake", 1, INT64_MAX), by, any),
                                               *p.principal, access)};
               });
    router.add("GET", "/api/v1/stocktakes/{stocktake}",
               allow(roles({Role::clerk, Role::legal_officer, Role::supervisor, Role::admin})),
               [&service, &access](const ApiRequest&, const RouteParams& p) {
                   const auto result = service.result(path_integer(p, "stocktake", 1, INT64_MAX));
                   const auto format = p.query.count("format") ? p.query.at("format") : std::string("json");
                   if (format == "csv") {
                       int hidden = 0;
                       ApiResponse r;
                       r.raw = domain::result_csv(in_scope(result, *p.principal, access, hidden));
                       r.content_type = "text/csv; charset=utf-8";
                       return r;
                   }
                   if (format != "json") throw domain::InvalidArgument("format: \"" + format + "\" is not json or csv");
                   return ApiResponse{200, scoped_result_json(result, *p.principal, access)};
               });
}

}  // namespace casetrail::http
