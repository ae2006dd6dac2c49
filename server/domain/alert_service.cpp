// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/alert_service.hpp"

#include <algorithm>

#include "common/time_format.hpp"
#include "server/domain/errors.hpp"
#include "server/domain/input_checks.hpp"
#include "server/store/alert_rules.hpp"

namespace casetrail::domain {

namespace {

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json opt_time(const std::optional<store::TimePoint>& t) {
    return t ? nlohmann::json(common::format_utc(*t)) : nlohmann::json(nullptr);
}

const std::vector<std::string> kStates{"open", "acknowledged", "resolved", "active"};

void check_one_of(const char* field, const std::string& value, const std::vector<std::string>& allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw InvalidArgument(std::string(field) + ": \"" + value + "\" is not one of " + list);
}

}  // namespace

nlohmann::json alert_json(const store::AlertRecord& a) {
    return {{"id", a.id},
            {"rule", a.rule},
            {"stage", a.stage.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.stage)},
            {"state", a.state},
            {"subject", {{"kind", a.subject_kind}, {"id", a.subject_id}}},
            {"case_number", opt(a.case_number)},
            {"reader", opt(a.reader)},
            {"unit", opt(a.unit)},
            {"summary", a.summary},
            {"details", nlohmann::json::parse(a.details)},
            {"raised_at", common::format_utc(a.raised_at)},
            {"escalated_at", opt_time(a.escalated_at)},
            {"acknowledged", a.acknowledged_at
                                 ? nlohmann::json{{"by", opt(a.acknowledged_by)}, {"at", opt_time(a.acknowledged_at)}}
                                 : nlohmann::json(nullptr)},
            {"resolved", a.resolved_at ? nlohmann::json{{"by", opt(a.resolved_by)},
                                                        {"at", opt_time(a.resolved_at)},
                                                        {"how", opt(a.resolution)},
                                                        {"note", opt(a.note)}}
                                       : nlohmann::json(nullptr)}};
}

nlohmann::json notice_json(const store::NoticeRecord& n) {
    return {{"notice", n.id},
            {"kind", n.kind},
            {"to", n.recipient},
            {"at", common::format_utc(n.at)},
            {"alert", alert_json(n.alert)}};
}

std::vector<store::AlertRecord> AlertService::list(const AlertQuery& q) {
    if (q.user) check_login("user", *q.user);
    if (q.state) check_one_of("state", *q.state, kStates);
    if (q.rule) check_one_of("rule", *q.rule, store::alert_rule_names());
    if (q.case_number) check_case_number("case_number", *q.case_number);
    if (q.limit < 1 || q.limit > 1000) throw InvalidArgument("limit: must be 1..1000");
    store::AlertFilter f;
    f.recipient = q.user;
    f.state = q.state;
    f.rule = q.rule;
    f.case_number = q.case_number;
    f.before_id = q.before;
    f.limit = q.limit;
    return store_.list(f);
}

nlohmann::json AlertService::history(std::int64_t id, Targets targets) {
    const auto a = store_.get(id);
    if (!a) throw NotFound("no alert has the id " + std::to_string(id));
    auto out = alert_json(*a);
    auto notices = nlohmann::json::array();
    for (const auto& n : store_.notices_of(id)) {
        notices.push_back({{"notice", n.id}, {"kind", n.kind}, {"to", n.recipient}, {"at", common::format_utc(n.at)}});
    }
    auto deliveries = nlohmann::json::array();
    for (const auto& d : store_.deliveries_of(id)) {
        deliveries.push_back(
            {{"notice", d.notice_id},
             {"channel", d.channel},
             {"target", targets == Targets::shown ? nlohmann::json(d.target) : nlohmann::json(nullptr)},
             {"attempt", d.attempt},
             {"outcome", d.outcome},
             {"detail", opt(d.detail)},
             {"at", common::format_utc(d.at)}});
    }
    out["notices"] = std::move(notices);
    out["deliveries"] = std::move(deliveries);
    return out;
}

store::AlertRecord AlertService::acknowledge(std::int64_t id, const std::string& actor) {
    check_login("by", actor);
    if (!store_.get(id)) throw NotFound("no alert has the id " + std::to_string(id));
    return store_.acknowledge(id, actor, clock_.now());
}

store::AlertRecord AlertService::resolve(std::int64_t id, const std::string& actor, const std::string& note) {
    check_login("by", actor);
    check_text("note", note, 2000);
    if (!store_.get(id)) throw NotFound("no alert has the id " + std::to_string(id));
    auto a = store_.resolve(id, actor, note, clock_.now());
    bell_.ring();
    return a;
}

std::vector<nlohmann::json> AlertService::notices_after(const std::string& login, std::int64_t after, int limit) {
    check_login("user", login);
    if (after < 0) throw InvalidArgument("after: must be 0 or a notice id");
    std::vector<nlohmann::json> out;
    for (const auto& n : store_.notices_after(login, after, limit)) out.push_back(notice_json(n));
    return out;
}

void AlertService::delivered_on_websocket(const std::vector<std::int64_t>& notice_ids, const std::string& target) {
    store_.log_deliveries(notice_ids, "websocket", target, 1, "sent", std::nullopt);
}

}  // namespace casetrail::domain
