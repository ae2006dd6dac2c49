// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/custody_routes.hpp"

#include "common/time_format.hpp"
#include "server/domain/errors.hpp"
#include "server/http/acting_user.hpp"
#include "server/http/dossier_routes.hpp"
#include "server/http/json_body.hpp"
#include "server/http/query_params.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

namespace {

using common::format_utc;

nlohmann::json period_json(const store::CustodyPeriodRecord& p) {
    auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    return {{"holder", {{"login", p.holder}, {"name", p.holder_name}}},
            {"began_by", p.began_by},
            {"purpose", opt(p.purpose)},
            {"due_back", p.due_back ? nlohmann::json(format_utc(*p.due_back)) : nlohmann::json(nullptr)},
            {"from", format_utc(p.from_at)},
            {"to", p.to_at ? nlohmann::json(format_utc(*p.to_at)) : nlohmann::json(nullptr)},
            {"opened_by", p.opened_by},
            {"closed_by", opt(p.closed_by)},
            {"ended_by", opt(p.ended_by)}};
}

// Of the records, those whose dossier `who` may see.
template <class Record, class CaseOf>
std::vector<Record> visible(domain::AccessPolicy& access, const domain::Principal& who, std::vector<Record> all,
                            CaseOf case_of) {
    std::vector<std::string> cases;
    cases.reserve(all.size());
    for (const auto& r : all) cases.push_back(case_of(r));
    const auto seen = access.visible_case_numbers(who, cases);
    std::erase_if(all, [&](const Record& r) { return !seen.count(case_of(r)); });
    return all;
}

// GET /api/v1/handovers: the open ones one may see, of a giver or a receiver when named.
ApiResponse open_handovers(domain::CustodyService& service, domain::AccessPolicy& access, const RouteParams& p) {
    reject_unknown_query(p, {"state", "from", "to", "limit"});
    if (const auto state = query_text(p, "state"); state && *state != "open") {
        throw domain::InvalidArgument("state: only open handovers are listed (the chain of a dossier has the rest)");
    }
    const auto limit = static_cast<int>(query_integer(p, "limit", 200, 1, 500));
    auto list = visible(access, *p.principal, service.open_handovers(query_text(p, "from"), query_text(p, "to"), limit),
                        [](const store::HandoverRecord& h) { return h.case_number; });
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : list) out.push_back(handover_json(h));
    return ApiResponse{200, {{"handovers", out}}};
}

// GET /api/v1/checkouts: what is out now that one may see, of a holder when named, or only the overdue.
ApiResponse open_checkouts(domain::CustodyService& service, domain::AccessPolicy& access, const RouteParams& p) {
    reject_unknown_query(p, {"holder", "overdue", "limit"});
    const auto limit = static_cast<int>(query_integer(p, "limit", 200, 1, 500));
    auto list = visible(access, *p.principal,
                        service.open_checkouts(query_text(p, "holder"), query_flag(p, "overdue", false), limit),
                        [](const store::OpenCheckout& c) { return c.case_number; });
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : list) {
        auto period = period_json(c.period);
        out.push_back({{"case_number", c.case_number},
                       {"title", c.title},
                       {"holder", period["holder"]},
                       {"purpose", period["purpose"]},
                       {"since", period["from"]},
                       {"due_back", period["due_back"]},
                       {"overdue", c.overdue}});
    }
    return ApiResponse{200, {{"checkouts", out}}};
}

}  // namespace

void add_custody_routes(Router& router, domain::CustodyService& service, domain::AccessPolicy& access) {
    router.add("POST", "/api/v1/dossiers/{id}/checkout", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto to = b.text("to");
                   const auto purpose = b.text("purpose");
                   const auto due_back = b.time("due_back");
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{201, period_json(service.check_out(p.path.at("id"), to, purpose, due_back, by))};
               });
    router.add("POST", "/api/v1/dossiers/{id}/checkin", allow(kAnyStaff),
               [&service, &access](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   const auto& id = p.path.at("id");
                   const bool for_others = access.may_check_in_for_others(*p.principal, id);
                   return ApiResponse{200, period_json(service.check_in(id, by, for_others))};
               });
    router.add(
        "POST", "/api/v1/dossiers/{id}/handovers", allow(kAnyStaff),
        [&service](const ApiRequest& req, const RouteParams& p) {
            const auto b = JsonBody::parse(req.body);
            const auto to = b.text("to");
            const auto within = std::chrono::minutes(
                b.integer("confirm_within_minutes", domain::kDefaultConfirmWithin.count(), 1, 7 * 24 * 60));
            const auto note = b.optional_text("note");
            const auto by = acting_login(b, p);
            b.reject_unknown();
            return ApiResponse{201, handover_json(service.start_handover(p.path.at("id"), to, within, note, by))};
        });
    router.add("GET", "/api/v1/handovers/{handover}", allow(kAnyStaff),
               [&service](const ApiRequest&, const RouteParams& p) {
                   return ApiResponse{200, handover_json(service.handover(path_integer(p, "handover", 1, INT64_MAX)))};
               });
    router.add("POST", "/api/v1/handovers/{handover}/confirm", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{
                       200, handover_json(service.confirm_handover(path_integer(p, "handover", 1, INT64_MAX), by))};
               });
    router.add("POST", "/api/v1/handovers/{handover}/cancel", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{
                       200, handover_json(service.cancel_handover(path_integer(p, "handover", 1, INT64_MAX), by))};
               });
    router.add(
        "GET", "/api/v1/handovers", allow(kAnyStaff),
        [&service, &access](const ApiRequest&, const RouteParams& p) { return open_handovers(service, access, p); });
    router.add(
        "GET", "/api/v1/checkouts", allow(kAnyStaff),
        [&service, &access](const ApiRequest&, const RouteParams& p) { return open_checkouts(service, access, p); });
    router.add("GET", "/api/v1/dossiers/{id}/custody", allow(kAnyStaff),
               [&service](const ApiRequest&, const RouteParams& p) {
                   const auto chain = service.chain(p.path.at("id"));
                   nlohmann::json periods = nlohmann::json::array(), handovers = nlohmann::json::array();
                   for (const auto& c : chain.periods) periods.push_back(period_json(c));
                   for (const auto& h : chain.handovers) handovers.push_back(handover_json(h));
                   return ApiResponse{200,
                                      {{"case_number", chain.dossier.case_number},
                                       {"custody", custody_state_json(chain.state)},
                                       {"holders", periods},
                                       {"handovers", handovers}}};
               });
}

}  // namespace casetrail::http
