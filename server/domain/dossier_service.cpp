// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/dossier_service.hpp"

#include <set>

#include "server/domain/errors.hpp"
#include "server/domain/input_checks.hpp"

namespace casetrail::domain {

namespace {

constexpr int kMaxVolumes = 100;
constexpr std::size_t kMaxNote = 2000;

void check_actor(const std::string& actor) { check_login("by", actor); }

void check_roles(const std::vector<std::string>& roles) {
    std::set<std::string> seen;
    for (const auto& r : roles) {
        check_role("roles", r);
        if (!seen.insert(r).second) throw InvalidArgument("roles: \"" + r + "\" is given twice");
    }
}

void check_note(const std::optional<std::string>& note) {
    if (note) check_text("note", *note, kMaxNote);
}

void check_deadline(const store::NewDeadline& d) {
    check_word("deadlines.kind", d.kind);
    check_note(d.note);
}

}  // namespace

store::UnitRecord DossierService::create_unit(const store::UnitRecord& unit, const std::string& actor) {
    check_code("code", unit.code);
    check_text("name", unit.name, 200);
    check_unit_kind("kind", unit.kind);
    if (unit.parent) check_code("parent", *unit.parent);
    if (unit.kind != "bureau" && !unit.parent) throw InvalidArgument("parent: a " + unit.kind + " needs a parent unit");
    if (unit.kind == "bureau" && unit.parent) throw InvalidArgument("parent: a bureau is at the top of the tree");
    return store_.create_unit(unit, actor);
}

std::vector<store::StaffRecord> DossierService::staff(const std::optional<std::string>& unit) {
    if (unit) check_code("unit", *unit);
    return store_.staff(unit);
}

store::StaffRecord DossierService::create_staff(const store::StaffRecord& staff, const std::string& actor) {
    check_login("login", staff.login);
    check_text("name", staff.name, 200);
    check_code("unit", staff.unit);
    check_roles(staff.roles);
    return store_.create_staff(staff, actor);
}

store::StaffRecord DossierService::set_roles(const std::string& login, const std::vector<std::string>& roles,
                                             const std::string& actor) {
    check_login("login", login);
    check_roles(roles);
    return store_.set_roles(login, roles, actor);
}

DossierView DossierService::register_dossier(const store::NewDossier& d) {
    check_new_case_number("case_number", d.case_number);
    check_text("title", d.title, 500);
    check_word("case_type", d.case_type);
    check_code("unit", d.unit);
    if (d.handler) check_login("handler", *d.handler);
    if (d.home) check_code("home", *d.home);
    if (d.volumes < 1 || d.volumes > kMaxVolumes) {
        throw InvalidArgument("volumes: must be 1.." + std::to_string(kMaxVolumes));
    }
    for (const auto& dl : d.deadlines) check_deadline(dl);
    check_actor(d.actor);
    store_.create_dossier(d);
    return view(d.case_number);
}

DossierView DossierService::view(std::string_view ident) {
    DossierView v;
    v.where = locations_.where(ident);
    v.detail = store_.detail(v.where.dossier.id);
    v.custody = custody_.state(v.where.dossier.id);
    return v;
}

store::TransitionRecord DossierService::transition(std::string_view ident, const std::string& to,
                                                   const std::string& actor, const std::optional<std::string>& note) {
    check_status("to", to);
    check_actor(actor);
    check_note(note);
    return store_.transition(id_of(ident), to, actor, note);
}

std::vector<store::TransitionRecord> DossierService::transitions(std::string_view ident) {
    return store_.transitions(id_of(ident));
}

store::DeadlineRecord DossierService::add_deadline(std::string_view ident, const store::NewDeadline& deadline,
                                                   const std::string& actor) {
    check_deadline(deadline);
    check_actor(actor);
    return store_.add_deadline(id_of(ident), deadline, actor);
}

store::DeadlineRecord DossierService::meet_deadline(std::string_view ident, std::int64_t deadline_id,
                                                    const std::string& actor) {
    check_actor(actor);
    return store_.meet_deadline(id_of(ident), deadline_id, actor);
}

int DossierService::add_volume(std::string_view ident, const std::string& actor) {
    check_actor(actor);
    const auto id = id_of(ident);
    if (locations_.volumes(id).size() >= static_cast<std::size_t>(kMaxVolumes)) {
        throw Conflict("a dossier has at most " + std::to_string(kMaxVolumes) + " volumes");
    }
    return store_.add_volume(id, actor);
}

store::BindingRecord DossierService::bind_tag(std::string_view ident, int volume_no, const std::string& epc,
                                              const std::string& actor) {
    const auto canonical = canonical_epc("epc", epc);
    check_actor(actor);
    return store_.bind_tag(id_of(ident), volume_no, canonical, actor);
}

store::BindingRecord DossierService::unbind_tag(std::string_view ident, int volume_no, const std::string& actor) {
    check_actor(actor);
    return store_.unbind_tag(id_of(ident), volume_no, actor);
}

store::DossierPage DossierService::search(store::DossierQuery q) {
    for (const auto& w : q.title_words) check_text("q", w, 100);
    if (q.title_words.size() > 10) throw InvalidArgument("q: at most 10 words");
    if (q.case_number) check_text("case_number", *q.case_number, 64);
    if (q.handler) check_login("handler", *q.handler);
    if (q.unit) check_code("unit", *q.unit);
    if (q.status) check_status("status", *q.status);
    if (q.location) check_code("location", *q.location);
    if (q.after) check_case_number("after", *q.after);
    if (q.limit < 1 || q.limit > 500) throw InvalidArgument("limit: must be 1..500");
    return store_.search(q);
}

std::vector<store::BindingRecord> DossierService::bindings(std::string_view ident) {
    return store_.bindings(id_of(ident));
}

}  // namespace casetrail::domain
