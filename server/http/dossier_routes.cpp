// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/dossier_routes.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "common/time_format.hpp"
#include "server/domain/errors.hpp"
#include "server/http/acting_user.hpp"
#include "server/http/json_body.hpp"
#include "server/http/location_routes.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

namespace {

using common::format_utc;

nlohmann::json optional_time(const std::optional<store::TimePoint>& t) {
    return t ? nlohmann::json(format_utc(*t)) : nlohmann::json(nullptr);
}

nlohmann::json optional_text(const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

nlohmann::json unit_json(const store::UnitRecord& u) {
    return {{"code", u.code}, {"name", u.name}, {"kind", u.kind}, {"parent", optional_text(u.parent)}};
}

nlohmann::json staff_json(const store::StaffRecord& s) {
    return {{"login", s.login}, {"name", s.name}, {"unit", s.unit}, {"active", s.active}, {"roles", s.roles}};
}

nlohmann::json deadline_json(const store::DeadlineRecord& d) {
    return {{"id", d.id},
            {"kind", d.kind},
            {"due_at", format_utc(d.due_at)},
            {"note", optional_text(d.note)},
            {"met_at", optional_time(d.met_at)},
            {"met_by", optional_text(d.met_by)}};
}

nlohmann::json transition_json(const store::TransitionRecord& t) {
    return {{"from", t.from_status},
            {"to", t.to_status},
            {"by", t.actor},
            {"at", format_utc(t.at)},
            {"note", optional_text(t.note)}};
}

nlohmann::json binding_json(const store::BindingRecord& b) {
    return {{"volume", b.volume_no},
            {"epc", b.epc},
            {"from", format_utc(b.valid_from)},
            {"to", optional_time(b.valid_to)},
            {"bound_by", optional_text(b.bound_by)},
            {"unbound_by", optional_text(b.unbound_by)}};
}

std::vector<store::NewDeadline> read_deadlines(const JsonBody& body, const std::string& key) {
    std::vector<store::NewDeadline> out;
    for (const auto& d : body.objects(key)) {
        out.push_back({d.text("kind"), d.time("due"), d.optional_text("note")});
        d.reject_unknown();
    }
    return out;
}

}  // namespace

std::int64_t path_integer(const RouteParams& params, const std::string& name, std::int64_t min, std::int64_t max) {
    const auto& s = params.path.at(name);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v < min || v > max) {
        throw domain::InvalidArgument(name + ": \"" + s + "\" is not a number in " + std::to_string(min) + ".." +
                                      std::to_string(max));
    }
    return v;
}

nlohmann::json handover_json(const store::HandoverRecord& h) {
    return {{"id", h.id},
            {"case_number", h.case_number},
            {"from", h.from},
            {"to", h.to},
            {"initiated_at", format_utc(h.initiated_at)},
            {"confirm_by", format_utc(h.confirm_by)},
            {"note", optional_text(h.note)},
            {"state", h.outcome ? *h.outcome : std::string("open")},
            {"outcome_at", optional_time(h.outcome_at)},
            {"outcome_by", optional_text(h.outcome_by)}};
}

nlohmann::json custody_state_json(const store::CustodyState& s) {
    nlohmann::json j;
    // In the archive, with a holder, or on its way from one holder to the next (the giver still answers).
    j["state"] = s.open_handover ? "in_transit" : (s.current ? "checked_out" : "in_archive");
    if (s.current) {
        const auto& c = *s.current;
        j["holder"] = {{"login", c.holder},
                       {"name", c.holder_name},
                       {"since", format_utc(c.from_at)},
                       {"purpose", optional_text(c.purpose)},
                       {"due_back", optional_time(c.due_back)}};
    } else {
        j["holder"] = nullptr;
    }
    j["handover"] = s.open_handover ? handover_json(*s.open_handover) : nlohmann::json(nullptr);
    return j;
}

nlohmann::json dossier_view_json(const domain::DossierView& v) {
    const auto& d = v.detail;
    nlohmann::json deadlines = nlohmann::json::array();
    for (const auto& dl : d.deadlines) deadlines.push_back(deadline_json(dl));
    nlohmann::json dossier = {{"case_number", d.dossier.case_number},
                              {"title", d.dossier.title},
                              {"case_type", d.case_type},
                              {"status", d.dossier.status},
                              {"status_since", format_utc(d.status_since)},
                              {"registered_at", format_utc(d.registered_at)},
                              {"owning_unit", {{"code", d.unit_code}, {"name", d.dossier.owning_unit}}},
                              {"case_handler", d.handler_login ? nlohmann::json{{"login", *d.handler_login},
                                                                                {"name", *d.dossier.case_handler}}
                                                               : nlohmann::json(nullptr)},
                              {"home", d.dossier.home ? place_json(*d.dossier.home) : nlohmann::json(nullptr)}};
    auto where = where_json(v.where);
    where.erase("dossier");
    return {{"dossier", dossier},
            {"deadlines", deadlines},
            {"whereabouts", where},
            {"custody", custody_state_json(v.custody)}};
}

namespace {

// POST /api/v1/dossiers.
ApiResponse register_dossier(domain::DossierService& service, const ApiRequest& req, const RouteParams& p) {
    const auto b = JsonBody::parse(req.body);
    store::NewDossier d;
    d.case_number = b.text("case_number");
    d.title = b.text("title");
    d.case_type = b.optional_text("case_type").value_or("general");
    d.unit = b.text("unit");
    d.handler = b.optional_text("handler");
    d.home = b.optional_text("home");
    d.volumes = static_cast<int>(b.integer("volumes", 1, 1, 100));
    d.deadlines = read_deadlines(b, "deadlines");
    d.actor = acting_login(b, p);
    b.reject_unknown();
    // One registers dossiers for the units one sees (units are no secret: GET /units lists them).
    if (const auto& who = *p.principal; !who.sees_unit(d.unit)) {
        const auto units = service.units();
        if (std::any_of(units.begin(), units.end(), [&](const auto& u) { return u.code == d.unit; })) {
            throw domain::Forbidden("you register dossiers for your own units only, not " + d.unit);
        }
    }
    return ApiResponse{201, dossier_view_json(service.register_dossier(d))};
}

// GET /api/v1/dossiers: the search parameters, checked, and one's scope.
store::DossierQuery search_query(const RouteParams& p) {
    store::DossierQuery q;
    auto opt = [&](const char* key) -> std::optional<std::string> {
        auto it = p.query.find(key);
        return it == p.query.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    for (const auto& [key, value] : p.query) {
        static const std::set<std::string> known = {"q",      "case_number", "handler", "unit",
                                                    "status", "location",    "after",   "limit"};
        if (!known.count(key)) throw domain::InvalidArgument(key + ": is not a search parameter");
    }
    if (auto words = opt("q")) {
        std::size_t start = 0;
        while (start < words->size()) {
            auto end = words->find(' ', start);
            if (end == std::string::npos) end = words->size();
            if (end > start) q.title_words.push_back(words->substr(start, end - start));
            start = end + 1;
        }
    }
    q.case_number = opt("case_number");
    q.handler = opt("handler");
    q.unit = opt("unit");
    q.status = opt("status");
    q.location = opt("location");
    q.after = opt("after");
    if (auto l = opt("limit")) {
        RouteParams lp;
        lp.path["limit"] = *l;
        q.limit = static_cast<int>(path_integer(lp, "limit", 1, 500));
    }
    if (const auto& who = *p.principal; !who.all_units) {
        q.scope_units = who.units;
        if (who.has(Role::case_handler)) q.scope_holder = who.staff_id;
    }
    return q;
}

ApiResponse search_dossiers(domain::DossierService& service, const RouteParams& p) {
    const auto q = search_query(p);
    const auto page = service.search(q);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& h : page.dossiers) {
        list.push_back({{"case_number", h.case_number},
                        {"title", h.title},
                        {"case_type", h.case_type},
                        {"status", h.status},
                        {"unit", h.unit_code},
                        {"handler", optional_text(h.handler_login)},
                        {"home", optional_text(h.home)},
                        {"now_at", h.now_at}});
    }
    return ApiResponse{200, {{"dossiers", list}, {"next", optional_text(page.next)}}};
}

// Units and staff with their roles.
void add_organisation_routes(Router& router, domain::DossierService& service) {
    router.add("GET", "/api/v1/units", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams&) {
        nlohmann::json units = nlohmann::json::array();
        for (const auto& u : service.units()) units.push_back(unit_json(u));
        return ApiResponse{200, {{"units", units}}};
    });
    router.add("POST", "/api/v1/units", allow(roles({Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   store::UnitRecord u{b.text("code"), b.text("name"), b.text("kind"), b.optional_text("parent")};
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{201, unit_json(service.create_unit(u, by))};
               });
    router.add("GET", "/api/v1/staff", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams& p) {
        std::optional<std::string> unit;
        if (auto it = p.query.find("unit"); it != p.query.end()) unit = it->second;
        nlohmann::json staff = nlohmann::json::array();
        for (const auto& s : service.staff(unit)) staff.push_back(staff_json(s));
        return ApiResponse{200, {{"staff", staff}}};
    });
    router.add("POST", "/api/v1/staff", allow(roles({Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   store::StaffRecord s{b.text("login"), b.text("name"), b.text("unit"), true, b.texts("roles")};
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{201, staff_json(service.create_staff(s, by))};
               });
    router.add("PUT", "/api/v1/staff/{login}/roles", allow(roles({Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto roles = b.texts("roles");
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{200, staff_json(service.set_roles(p.path.at("login"), roles, by))};
               });
}

// A dossier's lifecycle steps and deadlines.
void add_lifecycle_routes(Router& router, domain::DossierService& service) {
    router.add("GET", "/api/v1/dossiers/{id}/transitions", allow(kAnyStaff),
               [&service](const ApiRequest&, const RouteParams& p) {
                   nlohmann::json list = nlohmann::json::array();
                   for (const auto& t : service.transitions(p.path.at("id"))) list.push_back(transition_json(t));
                   return ApiResponse{200, {{"transitions", list}}};
               });
    router.add("POST", "/api/v1/dossiers/{id}/transitions", allow(kAnyStaff),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto to = b.text("to");
                   const auto by = acting_login(b, p);
                   const auto note = b.optional_text("note");
                   b.reject_unknown();
                   return ApiResponse{200, transition_json(service.transition(p.path.at("id"), to, by, note))};
               });
    router.add("POST", "/api/v1/dossiers/{id}/deadlines",
               allow(roles({Role::case_handler, Role::legal_officer, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   store::NewDeadline d{b.text("kind"), b.time("due"), b.optional_text("note")};
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{201, deadline_json(service.add_deadline(p.path.at("id"), d, by))};
               });
    router.add("POST", "/api/v1/dossiers/{id}/deadlines/{deadline}/met",
               allow(roles({Role::case_handler, Role::legal_officer, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   const auto id = path_integer(p, "deadline", 1, INT64_MAX);
                   return ApiResponse{200, deadline_json(service.meet_deadline(p.path.at("id"), id, by))};
               });
}

// Volumes and the tags bound to them.
void add_volume_routes(Router& router, domain::DossierService& service) {
    router.add("POST", "/api/v1/dossiers/{id}/volumes",
               allow(roles({Role::clerk, Role::case_handler, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   return ApiResponse{201, {{"volume", service.add_volume(p.path.at("id"), by)}}};
               });
    router.add("POST", "/api/v1/dossiers/{id}/volumes/{volume}/tag",
               allow(roles({Role::clerk, Role::case_handler, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto epc = b.text("epc");
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   const auto volume = static_cast<int>(path_integer(p, "volume", 1, 100));
                   return ApiResponse{200, binding_json(service.bind_tag(p.path.at("id"), volume, epc, by))};
               });
    router.add("POST", "/api/v1/dossiers/{id}/volumes/{volume}/untag",
               allow(roles({Role::clerk, Role::case_handler, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) {
                   const auto b = JsonBody::parse(req.body);
                   const auto by = acting_login(b, p);
                   b.reject_unknown();
                   const auto volume = static_cast<int>(path_integer(p, "volume", 1, 100));
                   return ApiResponse{200, binding_json(service.unbind_tag(p.path.at("id"), volume, by))};
               });
    router.add("GET", "/api/v1/dossiers/{id}/tags", allow(kAnyStaff),
               [&service](const ApiRequest&, const RouteParams& p) {
                   nlohmann::json list = nlohmann::json::array();
                   for (const auto& b : service.bindings(p.path.at("id"))) list.push_back(binding_json(b));
                   return ApiResponse{200, {{"bindings", list}}};
               });
}

}  // namespace

void add_dossier_routes(Router& router, domain::DossierService& service) {
    add_organisation_routes(router, service);
    router.add("POST", "/api/v1/dossiers",
               allow(roles({Role::clerk, Role::case_handler, Role::supervisor, Role::admin})),
               [&service](const ApiRequest& req, const RouteParams& p) { return register_dossier(service, req, p); });
    router.add("GET", "/api/v1/dossiers", allow(kAnyStaff),
               [&service](const ApiRequest&, const RouteParams& p) { return search_dossiers(service, p); });
    router.add("GET", "/api/v1/dossiers/{id}", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams& p) {
        return ApiResponse{200, dossier_view_json(service.view(p.path.at("id")))};
    });
    add_lifecycle_routes(router, service);
    add_volume_routes(router, service);
}

}  // namespace casetrail::http
