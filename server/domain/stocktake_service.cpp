// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/stocktake_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/csv_field.hpp"
#include "common/time_format.hpp"
#include "server/domain/errors.hpp"
#include "server/domain/input_checks.hpp"

namespace casetrail::domain {

namespace {
constexpr std::size_t kMaxBatch = 50'000;
constexpr std::size_t kMaxParticipants = 100;
}  // namespace

store::StocktakeRecord StocktakeService::session(std::int64_t id) {
    auto s = store_.session(id);
    if (!s) throw NotFound("no stock-taking has the id " + std::to_string(id));
    return std::move(*s);
}

store::StocktakeRecord StocktakeService::start(const std::string& scope, const std::string& actor,
                                               const std::optional<std::string>& note,
                                               const std::vector<std::string>& participants) {
    check_code("scope", scope);
    check_login("by", actor);
    if (note) check_text("note", *note, 2000);
    if (participants.size() > kMaxParticipants)
        throw InvalidArgument("participants: at most " + std::to_string(kMaxParticipants));
    for (std::size_t i = 0; i < participants.size(); ++i)
        check_login("participants[" + std::to_string(i) + "]", participants[i]);
    return store_.start(scope, actor, note, participants, role_names(kScanningRoles));
}

store::BatchOutcome StocktakeService::upload(std::int64_t id, const std::string& batch_id, const std::string& actor,
                                             const std::vector<NewScan>& scans, bool oversees) {
    check_code("batch_id", batch_id);
    check_login("by", actor);
    if (scans.size() > kMaxBatch)
        throw InvalidArgument("scans: at most " + std::to_string(kMaxBatch) + " in one batch");
    std::vector<store::HandheldScan> checked;
    for (std::size_t i = 0; i < scans.size(); ++i) {
        const auto field = "scans[" + std::to_string(i) + "]";
        checked.push_back({canonical_epc(field + ".epc", scans[i].epc), scans[i].location, scans[i].at});
        check_code(field + ".location", scans[i].location);
    }
    // Nobody leaves a session (its participants only grow, by trigger), so this holds until the store's
    // transaction.
    const auto s = session(id);
    if (!oversees && std::find(s.participants.begin(), s.participants.end(), actor) == s.participants.end()) {
        throw Forbidden("only those who take part in stock-taking " + std::to_string(id) +
                        " can upload scans to it; its starter, " + s.started_by + ", or a supervisor can add " + actor);
    }
    return store_.add_batch(id, batch_id, actor, checked);
}

store::ParticipantOutcome StocktakeService::add_participant(std::int64_t id, const std::string& login,
                                                            const std::string& actor, bool oversees) {
    check_login("login", login);
    check_login("by", actor);
    // The starter never changes, so this holds until the store's transaction.
    if (const auto s = session(id); s.started_by != actor && !oversees) {
        throw Forbidden("only " + s.started_by + ", who started stock-taking " + std::to_string(id) +
                        ", or a supervisor can add someone to it");
    }
    return store_.add_participant(id, login, actor, role_names(kScanningRoles));
}

store::StocktakeResult StocktakeService::finish(std::int64_t id, const std::string& actor, bool oversees) {
    check_login("by", actor);
    // The starter never changes, so this holds until the store's transaction.
    if (const auto s = session(id); s.started_by != actor && !oversees) {
        throw Forbidden("only " + s.started_by + ", who started stock-taking " + std::to_string(id) +
                        ", or a supervisor can finish it");
    }
    store_.finish(id, actor);
    return result(id);
}

store::StocktakeResult StocktakeService::result(std::int64_t id) {
    session(id);
    return classify(store_.material(id));
}

store::StocktakeResult classify(const store::StocktakeMaterial& m) {
    store::StocktakeResult r;
    r.session = m.session;
    r.by_staff = m.by_staff;
    // Where each EPC was seen in the scope (the first sighting at each place), and who saw it.
    std::map<std::string, std::vector<const store::Sighting*>> seen;
    for (const auto& s : m.sightings) {
        auto& list = seen[s.epc];
        bool again = false;
        for (const auto* p : list) again = again || p->location == s.location;
        if (!again) list.push_back(&s);
    }
    std::map<std::string, const store::TagOwner*> owner;
    for (const auto& [epc, o] : m.owners) owner[epc] = &o;
    std::map<std::int64_t, const store::LastKnown*> last;
    for (const auto& [volume, k] : m.last_known) last[volume] = &k;

    std::set<std::string> accounted;
    for (const auto& e : m.expected) {
        store::StocktakeItem item;
        item.case_number = e.case_number;
        item.volume_no = e.volume_no;
        item.epc = e.epc;
        item.home = e.home;
        const auto it = e.epc ? seen.find(*e.epc) : seen.end();
        if (it != seen.end()) {
            accounted.insert(*e.epc);
            const store::Sighting* at_home = nullptr;
            for (const auto* s : it->second) {
                if (s->location == e.home && !at_home) at_home = s;
            }
            const auto* s = at_home ? at_home : it->second.front();
            item.cls = at_home ? "present" : "misplaced";
            item.seen_at = s->location;
            item.seen_by = s->seen_by;
        } else {
            item.cls = "missing";
            if (auto k = last.find(e.volume_id); k != last.end()) {
                item.last_known = k->second->location;
                item.last_state = k->second->state;
                item.last_since = k->second->since;
                item.checked_out_to = k->second->holder;
            }
        }
        r.items.push_back(std::move(item));
    }
    // Tags seen in the scope that were not expected there: another place's volumes, and unknown tags.
    for (const auto& s : m.sightings) {
        if (!accounted.insert(s.epc).second) continue;
        store::StocktakeItem item;
        item.epc = s.epc;
        item.seen_at = s.location;
        item.seen_by = s.seen_by;
        if (auto o = owner.find(s.epc); o != owner.end()) {
            item.cls = "misplaced";
            item.case_number = o->second->case_number;
            item.volume_no = o->second->volume_no;
            item.home = o->second->home;
        } else {
            item.cls = "unknown_tag";
        }
        r.items.push_back(std::move(item));
    }
    return r;
}

std::string result_csv(const store::StocktakeResult& r) {
    // Every cell goes through common/csv_field: text from the register (a case number registered before
    // the case-number alphabet, say) must not reach a spreadsheet as a formula.
    auto text = [](const std::optional<std::string>& v) { return v ? common::quoted_csv_field(*v) : std::string(); };
    auto bare = [](const std::string& v) { return common::neutralise_formula(v); };
    std::string out =
        "class,case_number,volume,epc,belongs_at,seen_at,seen_by,last_known_at,last_state,last_since,checked_out_to\r\n";
    for (const auto& i : r.items) {
        out += bare(i.cls) + "," + text(i.case_number) + "," + (i.volume_no ? bare(std::to_string(*i.volume_no)) : "") +
               "," + text(i.epc) + "," + text(i.home) + "," + text(i.seen_at) + "," + text(i.seen_by) + "," +
               text(i.last_known) + "," + text(i.last_state) + "," +
               (i.last_since ? bare(common::format_utc(*i.last_since)) : "") + "," + text(i.checked_out_to) + "\r\n";
    }
    return out;
}

}  // namespace casetrail::domain
