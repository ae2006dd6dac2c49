// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/access_policy.hpp"

#include "server/domain/dossier_ident.hpp"
#include "server/domain/errors.hpp"

namespace casetrail::domain {

void AccessPolicy::check_dossier(const Principal& who, std::string_view ident) {
    auto [dossier, matched_by] = locations_.find(ident);  // NotFound for an unknown dossier
    if (who.all_units) return;
    const auto holder = who.has(Role::case_handler) ? who.staff_id : std::nullopt;
    if (auth_.dossier_within(dossier.id, who.units, holder)) return;
    // The very words LocationService::find uses for a dossier that does not exist.
    throw NotFound("no dossier has the case number or tag \"" + parse_dossier_ident(ident).text + "\"");
}

void AccessPolicy::check_handover(const Principal& who, std::int64_t handover_id) {
    const auto h = custody_.handover(handover_id);  // NotFound for an unknown handover
    if (who.all_units) return;
    try {
        check_dossier(who, h.case_number);
    } catch (const NotFound&) {
        // The giver and the receiver see their handover even when the dossier is not (yet) theirs.
        if (who.name == h.from || who.name == h.to) return;
        throw NotFound("no handover has the id " + std::to_string(handover_id));
    }
}

void AccessPolicy::check_alert(const Principal& who, std::int64_t alert_id) {
    const auto unknown = [&] { return NotFound("no alert has the id " + std::to_string(alert_id)); };
    const auto alert = alerts_.get(alert_id);
    if (!alert) throw unknown();
    if (who.all_units) return;
    if (who.has(Role::supervisor) && alert->unit && who.sees_unit(*alert->unit)) return;
    for (const auto& n : alerts_.notices_of(alert_id)) {
        if (n.recipient == who.name) return;
    }
    throw unknown();
}

void AccessPolicy::check_notice_stream(const Principal& who, const std::string& login) {
    // Someone else's notices are answered like a login that does not exist; an admin may read anyone's
    // (the live WebSocket stream stays the person's own: http_server checks that).
    if (who.has(Role::admin)) return;
    if (!who.is_person() || who.name != login) throw NotFound("no staff member has the login \"" + login + "\"");
}

void AccessPolicy::check_import(const Principal& who, std::int64_t import_id) {
    const auto s = imports_.summary(import_id);  // NotFound for an unknown import
    if (who.has(Role::admin) || (who.staff_id && *who.staff_id == s.started_by)) return;
    throw NotFound("no import has the id " + std::to_string(import_id));
}

bool AccessPolicy::may_check_in_for_others(const Principal& who, std::string_view ident) {
    if (who.has(Role::admin)) return true;
    if (!who.has(Role::clerk)) return false;
    // The clerk's units only (check_dossier also counts the dossiers a case handler holds).
    return auth_.dossier_within(locations_.find(ident).first.id, who.units, std::nullopt);
}

bool AccessPolicy::oversees_stocktakes(const Principal& who) {
    return who.has(Role::supervisor) || who.has(Role::admin);
}

std::set<std::string> AccessPolicy::visible_case_numbers(const Principal& who,
                                                         const std::vector<std::string>& case_numbers) {
    if (who.all_units) return {case_numbers.begin(), case_numbers.end()};
    const auto holder = who.has(Role::case_handler) ? who.staff_id : std::nullopt;
    const auto seen = auth_.case_numbers_within(case_numbers, who.units, holder);
    return {seen.begin(), seen.end()};
}

}  // namespace casetrail::domain
