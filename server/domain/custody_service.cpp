// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/custody_service.hpp"

#include "server/domain/errors.hpp"
#include "server/domain/input_checks.hpp"

namespace casetrail::domain {

namespace {
constexpr std::chrono::minutes kMaxConfirmWithin{7 * 24 * 60};
constexpr auto kMaxCheckout = std::chrono::hours(24 * 366);
}  // namespace

store::CustodyPeriodRecord CustodyService::check_out(std::string_view ident, const std::string& holder,
                                                     const std::string& purpose, store::TimePoint due_back,
                                                     const std::string& actor) {
    check_login("to", holder);
    check_text("purpose", purpose, 500);
    check_login("by", actor);
    const auto now = clock_.now();
    if (due_back <= now) throw InvalidArgument("due_back: must be in the future");
    if (due_back > now + kMaxCheckout) throw InvalidArgument("due_back: must be within a year");
    return store_.check_out(locations_.find(ident).first.id, holder, purpose, due_back, actor);
}

store::CustodyPeriodRecord CustodyService::check_in(std::string_view ident, const std::string& actor, bool for_others) {
    check_login("by", actor);
    const auto dossier = locations_.find(ident).first;
    // Who holds it decides who may check it in; the store ends exactly that period, or refuses when the
    // custody changed in between (so nobody checks in a file that became someone else's meanwhile).
    const auto current = store_.state(dossier.id).current;
    if (current && current->holder != actor && !for_others) {
        throw Forbidden("only " + current->holder + ", who holds " + dossier.case_number +
                        ", or a clerk of its unit can check it in");
    }
    return store_.check_in(dossier.id, actor, current ? std::optional(current->id) : std::nullopt);
}

store::HandoverRecord CustodyService::start_handover(std::string_view ident, const std::string& to,
                                                     std::chrono::minutes confirm_within,
                                                     const std::optional<std::string>& note, const std::string& actor) {
    check_login("to", to);
    check_login("by", actor);
    if (note) check_text("note", *note, 2000);
    if (confirm_within < std::chrono::minutes(1) || confirm_within > kMaxConfirmWithin) {
        throw InvalidArgument("confirm_within_minutes: must be 1.." + std::to_string(kMaxConfirmWithin.count()));
    }
    return store_.start_handover(locations_.find(ident).first.id, to, clock_.now() + confirm_within, note, actor);
}

store::HandoverRecord CustodyService::confirm_handover(std::int64_t handover_id, const std::string& actor) {
    check_login("by", actor);
    return store_.confirm_handover(handover_id, actor);
}

store::HandoverRecord CustodyService::cancel_handover(std::int64_t handover_id, const std::string& actor) {
    check_login("by", actor);
    return store_.cancel_handover(handover_id, actor);
}

store::HandoverRecord CustodyService::handover(std::int64_t handover_id) {
    auto h = store_.handover(handover_id);
    if (!h) throw NotFound("no handover has the id " + std::to_string(handover_id));
    return *h;
}

CustodyChain CustodyService::chain(std::string_view ident) {
    CustodyChain c;
    c.dossier = locations_.find(ident).first;
    c.state = store_.state(c.dossier.id);
    c.periods = store_.periods(c.dossier.id);
    c.handovers = store_.handovers(c.dossier.id);
    return c;
}

}  // namespace casetrail::domain
