// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/alert_routes.hpp"

#include <set>

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

constexpr const char* kNoticesPrefix = "/api/v1/staff/";
constexpr const char* kNoticesSuffix = "/notices";
constexpr int kNoticePage = 500;

nlohmann::json alerts_json(const std::vector<store::AlertRecord>& alerts) {
    auto out = nlohmann::json::array();
    for (const auto& a : alerts) out.push_back(domain::alert_json(a));
    return out;
}

}  // namespace

void add_alert_routes(Router& router, domain::AlertService& service) {
    router.add("GET", "/api/v1/alerts", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams& p) {
        static const std::set<std::string> known = {"user", "state", "rule", "case_number", "before", "limit"};
        for (const auto& [key, _] : p.query) {
            if (!known.count(key)) throw domain::InvalidArgument(key + ": is not an alert filter");
        }
        domain::AlertQuery q;
        q.user = query_text(p, "user");
        // One sees the alerts sent to oneself; an admin anyone's.
        if (const auto& who = *p.principal; !who.has(Role::admin)) {
            if (q.user && *q.user != who.name) throw domain::Forbidden("only an admin lists another person's alerts");
            q.user = who.name;
        }
        q.state = query_text(p, "state");
        q.rule = query_text(p, "rule");
        q.case_number = query_text(p, "case_number");
        if (p.query.count("before")) q.before = query_integer(p, "before", 0);
        q.limit = static_cast<int>(query_integer(p, "limit", 100));
        const auto alerts = service.list(q);
        nlohmann::json body = {{"alerts", alerts_json(alerts)}};
        body["next_before"] = alerts.size() == static_cast<std::size_t>(q.limit) ? nlohmann::json(alerts.back().id)
                                                                                 : nlohmann::json(nullptr);
        return ApiResponse{200, body};
    });
    router.add("GET", "/api/v1/alerts/{alert}", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams& p) {
        // Delivery targets are addresses (a webhook URL may carry the receiver's key): admins' only.
        const auto targets = p.principal->has(Role::admin) ? domain::AlertService::Targets::shown
                                                           : domain::AlertService::Targets::hidden;
        return ApiResponse{200, service.history(path_integer(p, "alert", 1, INT64_MAX), targets)};
    });
    router.add("POST", "/api/v1/alerts/{alert}/acknowledge", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{
                       200, domain::alert_json(service.acknowledge(path_integer(p, "alert", 1, INT64_MAX), by))};
               });
    router.add("POST", "/api/v1/alerts/{alert}/resolve", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   const auto note = b.text("note");
                   b.reject_unknown();
                   return ApiResponse{
                       200, domain::alert_json(service.resolve(path_integer(p, "alert", 1, INT64_MAX), by, note))};
               });
    router.add("GET", "/api/v1/staff/{login}/notices", allow(kAnyStaff),
               [&service](const ApiRequest&, const RouteParams& p) {
                   for (const auto& [key, _] : p.query) {
                       if (key != "after" && key != "limit")
                           throw domain::InvalidArgument(key + ": is not a notice parameter");
                   }
                   const auto limit = query_integer(p, "limit", 100);
                   if (limit < 1 || limit > kNoticePage)
                       throw domain::InvalidArgument("limit: must be 1.." + std::to_string(kNoticePage));
                   const auto notices =
                       service.notices_after(p.path.at("login"), query_integer(p, "after", 0), static_cast<int>(limit));
                   return ApiResponse{200, {{"notices", notices}}};
               });
}

std::optional<NoticeStreamTarget> notice_stream_target(std::string_view target) {
    const auto query_at = target.find('?');
    const auto path = target.substr(0, query_at);
    const std::string_view prefix = kNoticesPrefix, suffix = kNoticesSuffix;
    if (path.size() <= prefix.size() + suffix.size() || path.substr(0, prefix.size()) != prefix ||
        path.substr(path.size() - suffix.size()) != suffix) {
        return std::nullopt;
    }
    const auto login = percent_decode(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
    if (!login || login->find('/') != std::string::npos) return std::nullopt;
    NoticeStreamTarget t{*login, 0};
    RouteParams params;
    params.query = parse_query(target);
    for (const auto& [key, _] : params.query) {
        if (key != "after") throw domain::InvalidArgument(key + ": is not a notice stream parameter");
    }
    t.after = query_integer(params, "after", 0);
    if (t.after < 0) throw domain::InvalidArgument("after: must be 0 or a notice id");
    return t;
}

}  // namespace casetrail::http
