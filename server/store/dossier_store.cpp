// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/dossier_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/refusals.hpp"
#include "common/pg/values.hpp"
#include "server/store/record_rows.hpp"

namespace casetrail::store {

namespace {

constexpr const char* kUnits = R"sql(
WITH RECURSIVE tree (id, path) AS (
  SELECT id, ARRAY[code] FROM units WHERE parent_id IS NULL
  UNION ALL
  SELECT u.id, tree.path || u.code FROM units u JOIN tree ON u.parent_id = tree.id
)
SELECT u.code, u.name, u.kind, p.code
FROM tree JOIN units u ON u.id = tree.id LEFT JOIN units p ON p.id = u.parent_id
ORDER BY tree.path
)sql";

constexpr const char* kUnitByCode = "SELECT id, kind FROM units WHERE code = $1";
constexpr const char* kInsertUnit = R"sql(
INSERT INTO units (code, name, kind, parent_id, parent_kind) VALUES ($1, $2, $3, $4, $5)
)sql";

constexpr const char* kStaff = R"sql(
SELECT s.login, s.name, u.code, s.active,
       coalesce((SELECT string_agg(r.role, ',' ORDER BY r.role) FROM staff_roles r WHERE r.staff_id = s.id), '')
FROM staff s JOIN units u ON u.id = s.unit_id
WHERE $1::text IS NULL OR u.code = $1
ORDER BY s.login
)sql";
constexpr const char* kInsertStaff = "INSERT INTO staff (unit_id, login, name) VALUES ($1, $2, $3) RETURNING id";
constexpr const char* kClearRoles = "DELETE FROM staff_roles WHERE staff_id = $1";
constexpr const char* kAddRole = "INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)";

constexpr const char* kLocationByCode = "SELECT id FROM locations WHERE code = $1";
constexpr const char* kInsertDossier = R"sql(
INSERT INTO dossiers (case_number, title, case_type, owning_unit_id, case_handler_id, home_location_id, status,
                      registered_by, registered_at, status_since)
VALUES ($1, $2, $3, $4, $5, $6, 'registered', $7, now(), now())
RETURNING id
)sql";
constexpr const char* kInsertVolume = "INSERT INTO volumes (dossier_id, volume_no) VALUES ($1, $2)";
constexpr const char* kInsertDeadline = R"sql(
INSERT INTO deadlines (dossier_id, kind, due_at, note, created_by) VALUES ($1, $2, ct_from_us($3), $4, $5)
RETURNING id, kind, ct_us(due_at), note, ct_us(met_at), NULL::text
)sql";

const std::string kDetail = std::string("SELECT") + kDossierColumns + R"sql(,
       d.case_type, u.code, s.login, ct_us(d.registered_at), ct_us(d.status_since))sql" +
                            kDossierFrom + " WHERE d.id = $1";
constexpr const char* kDeadlines = R"sql(
SELECT dl.id, dl.kind, ct_us(dl.due_at), dl.note, ct_us(dl.met_at), m.login
FROM deadlines dl LEFT JOIN staff m ON m.id = dl.met_by
WHERE dl.dossier_id = $1 ORDER BY dl.due_at, dl.id
)sql";

constexpr const char* kLockStatus = "SELECT status FROM dossiers WHERE id = $1 FOR UPDATE";
constexpr const char* kAllowedSteps = R"sql(
SELECT coalesce(string_agg(to_status, ', ' ORDER BY to_status), '') FROM lifecycle_steps WHERE from_status = $1
)sql";
constexpr const char* kStepExists = "SELECT 1 FROM lifecycle_steps WHERE from_status = $1 AND to_status = $2";
constexpr const char* kInsertTransition = R"sql(
INSERT INTO dossier_transitions (dossier_id, from_status, to_status, actor_id, note) VALUES ($1, $2, $3, $4, $5)
RETURNING ct_us(at)
)sql";
constexpr const char* kSetStatus = "UPDATE dossiers SET status = $2, status_since = now() WHERE id = $1";
constexpr const char* kTransitions = R"sql(
SELECT t.from_status, t.to_status, s.login, ct_us(t.at), t.note
FROM dossier_transitions t JOIN staff s ON s.id = t.actor_id
WHERE t.dossier_id = $1 ORDER BY t.at, t.id
)sql";

constexpr const char* kMeetDeadline = R"sql(
UPDATE deadlines SET met_at = now(), met_by = $3 WHERE id = $2 AND dossier_id = $1 AND met_at IS NULL
RETURNING id, kind, ct_us(due_at), note, ct_us(met_at), $4::text
)sql";
constexpr const char* kDeadlineExists = "SELECT met_at IS NOT NULL FROM deadlines WHERE id = $2 AND dossier_id = $1";

constexpr const char* kNextVolume = "SELECT coalesce(max(volume_no), 0) + 1 FROM volumes WHERE dossier_id = $1";
constexpr const char* kLockDossier = "SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE";
constexpr const char* kLockVolume = "SELECT id FROM volumes WHERE dossier_id = $1 AND volume_no = $2 FOR UPDATE";
constexpr const char* kVolumeBinding = R"sql(
SELECT id, epc FROM tag_bindings WHERE volume_id = $1 AND valid_to IS NULL
)sql";
constexpr const char* kEpcHolder = R"sql(
SELECT d.case_number, v.volume_no, d.owning_unit_id = (SELECT owning_unit_id FROM dossiers WHERE id = $2)
FROM tag_bindings tb JOIN volumes v ON v.id = tb.volume_id JOIN dossiers d ON d.id = v.dossier_id
WHERE tb.epc = $1 AND tb.valid_to IS NULL
)sql";
constexpr const char* kCloseBinding = "UPDATE tag_bindings SET valid_to = now(), unbound_by = $2 WHERE id = $1";
constexpr const char* kInsertBinding = R"sql(
INSERT INTO tag_bindings (epc, volume_id, valid_from, bound_by) VALUES ($1, $2, now(), $3)
)sql";
constexpr const char* kBindings = R"sql(
SELECT v.volume_no, tb.epc, ct_us(tb.valid_from), ct_us(tb.valid_to), b.login, ub.login
FROM tag_bindings tb JOIN volumes v ON v.id = tb.volume_id
LEFT JOIN staff b ON b.id = tb.bound_by LEFT JOIN staff ub ON ub.id = tb.unbound_by
WHERE v.dossier_id = $1 ORDER BY v.volume_no, tb.valid_from, tb.id
)sql";

// Each criterion is either NULL (not asked) or must hold. Title words arrive as ILIKE patterns.
constexpr const char* kSearch = R"sql(
SELECT d.case_number, d.title, d.case_type, d.status, u.code, s.login, h.code,
       coalesce((SELECT string_agg(DISTINCT l.code, ',' ORDER BY l.code) FROM volumes v
                   JOIN volume_locations vl ON vl.volume_id = v.id AND vl.state IN ('present', 'ambiguous')
                   JOIN locations l ON l.id = vl.location_id WHERE v.dossier_id = d.id), '')
FROM dossiers d
JOIN units u ON u.id = d.owning_unit_id
LEFT JOIN staff s ON s.id = d.case_handler_id
LEFT JOIN locations h ON h.id = d.home_location_id
WHERE ($1::text[] IS NULL OR d.title ILIKE ALL ($1::text[]))
  AND ($2::text IS NULL OR d.case_number ILIKE $2)
  AND ($3::text IS NULL OR s.login = $3)
  AND ($4::text IS NULL OR d.owning_unit_id IN (
        WITH RECURSIVE below (id) AS (SELECT id FROM units WHERE code = $4
                                      UNION ALL SELECT c.id FROM units c JOIN below ON c.parent_id = below.id)
        SELECT id FROM below))
  AND ($5::text IS NULL OR d.status = $5)
  AND ($6::text IS NULL OR EXISTS (
        SELECT 1 FROM volumes v JOIN volume_locations vl ON vl.volume_id = v.id AND vl.state IN ('present', 'ambiguous')
        WHERE v.dossier_id = d.id
          AND vl.location_id IN (SELECT location_id FROM ct_location_subtree((SELECT id FROM locations WHERE code = $6)))))
  AND ($7::text IS NULL OR d.case_number > $7)
  AND ($9::text[] IS NULL OR u.code = ANY ($9::text[])
       OR ($10::bigint IS NOT NULL AND EXISTS (
             SELECT 1 FROM custody_periods cp WHERE cp.dossier_id = d.id AND cp.holder_id = $10 AND cp.to_at IS NULL)))
ORDER BY d.case_number
LIMIT $8
)sql";

// A word as an ILIKE pattern that matches it anywhere, its own % and _ taken literally.
std::string contains_pattern(const std::string& word) {
    std::string p = "%";
    for (char ch : word) {
        if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
        p += ch;
    }
    return p + "%";
}

std::vector<std::string> split_roles(const std::string& joined) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < joined.size()) {
        auto end = joined.find(',', start);
        if (end == std::string::npos) end = joined.size();
        out.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::int64_t volume_id(pqxx::work& tx, std::int64_t dossier_id, int volume_no) {
    const auto r = tx.exec_params(kLockVolume, dossier_id, volume_no);
    if (r.empty()) throw pg::StoreUnknown("the dossier has no volume " + std::to_string(volume_no));
    return r[0][0].as<std::int64_t>();
}

DeadlineRecord deadline_from(const pqxx::row& row) {
    DeadlineRecord d;
    d.id = row[0].as<std::int64_t>();
    d.kind = row[1].as<std::string>();
    d.due_at = pg::time_from_us(row[2]);
    d.note = pg::optional_string(row[3]);
    if (!row[4].is_null()) d.met_at = pg::time_from_us(row[4]);
    d.met_by = pg::optional_string(row[5]);
    return d;
}

BindingRecord binding_from(const pqxx::row& row) {
    BindingRecord b;
    b.volume_no = row[0].as<int>();
    b.epc = row[1].as<std::string>();
    b.valid_from = pg::time_from_us(row[2]);
    if (!row[3].is_null()) b.valid_to = pg::time_from_us(row[3]);
    b.bound_by = pg::optional_string(row[4]);
    b.unbound_by = pg::optional_string(row[5]);
    return b;
}

}  // namespace

std::vector<UnitRecord> DossierStore::units() {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<UnitRecord> out;
        for (const auto& row : tx.exec(kUnits)) {
            out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                           pg::optional_string(row[3])});
        }
        return out;
    });
}

UnitRecord DossierStore::create_unit(const UnitRecord& unit, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        acting_staff_id(tx, actor);
        std::optional<std::int64_t> parent_id;
        std::optional<std::string> parent_kind;
        if (unit.parent) {
            const auto p = tx.exec_params(kUnitByCode, *unit.parent);
            if (p.empty()) throw pg::StoreUnknown("no unit has the code \"" + *unit.parent + "\"");
            parent_id = p[0][0].as<std::int64_t>();
            parent_kind = p[0][1].as<std::string>();
        }
        pg::translating_refusals(
            "a unit with the code \"" + unit.code + "\" exists already",
            "a " + unit.kind + (parent_kind ? " cannot sit under a " + *parent_kind : " needs a parent unit"),
            [&] { return tx.exec_params(kInsertUnit, unit.code, unit.name, unit.kind, parent_id, parent_kind); });
        tx.commit();
        return unit;
    });
}

std::vector<StaffRecord> DossierStore::staff(const std::optional<std::string>& unit) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        if (unit && tx.exec_params(kUnitByCode, *unit).empty()) {
            throw pg::StoreUnknown("no unit has the code \"" + *unit + "\"");
        }
        std::vector<StaffRecord> out;
        for (const auto& row : tx.exec_params(kStaff, unit)) {
            out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                           row[3].as<bool>(), split_roles(row[4].as<std::string>())});
        }
        return out;
    });
}

StaffRecord DossierStore::create_staff(const StaffRecord& staff, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        acting_staff_id(tx, actor);
        const auto u = tx.exec_params(kUnitByCode, staff.unit);
        if (u.empty()) throw pg::StoreUnknown("no unit has the code \"" + staff.unit + "\"");
        const auto id =
            pg::translating_refusals("the login \"" + staff.login + "\" is taken", "staff member refused", [&] {
                return tx.exec_params1(kInsertStaff, u[0][0].as<std::int64_t>(), staff.login, staff.name)[0]
                    .as<std::int64_t>();
            });
        for (const auto& role : staff.roles) tx.exec_params(kAddRole, id, role);
        tx.commit();
        return staff;
    });
}

StaffRecord DossierStore::set_roles(const std::string& login, const std::vector<std::string>& roles,
                                    const std::string& actor) {
    {
        auto lease = pool_.acquire();
        pg::with_connection(lease, [&](pqxx::connection& c) {
            pqxx::work tx(c);
            acting_staff_id(tx, actor);
            const auto id = active_staff_id(tx, login);
            tx.exec_params(kClearRoles, id);
            for (const auto& role : roles) tx.exec_params(kAddRole, id, role);
            tx.commit();
            return 0;
        });
    }
    for (auto& s : staff(std::nullopt)) {
        if (s.login == login) return s;
    }
    throw pg::StoreUnknown("no active staff member has the login \"" + login + "\"");
}

std::int64_t DossierStore::create_dossier(const NewDossier& d) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor = acting_staff_id(tx, d.actor);
        const auto u = tx.exec_params(kUnitByCode, d.unit);
        if (u.empty()) throw pg::StoreUnknown("no unit has the code \"" + d.unit + "\"");
        std::optional<std::int64_t> handler, home;
        if (d.handler) handler = active_staff_id(tx, *d.handler);
        if (d.home) {
            const auto l = tx.exec_params(kLocationByCode, *d.home);
            if (l.empty()) throw pg::StoreUnknown("no location has the code \"" + *d.home + "\"");
            home = l[0][0].as<std::int64_t>();
        }
        const auto id = pg::translating_refusals(
            "a dossier with the case number \"" + d.case_number + "\" exists already", "dossier refused", [&] {
                return tx
                    .exec_params1(kInsertDossier, d.case_number, d.title, d.case_type, u[0][0].as<std::int64_t>(),
                                  handler, home, actor)[0]
                    .as<std::int64_t>();
            });
        for (int v = 1; v <= d.volumes; ++v) tx.exec_params(kInsertVolume, id, v);
        for (const auto& dl : d.deadlines) {
            pg::translating_refusals(
                "the deadline " + dl.kind + " is given twice for the same time", "deadline refused", [&] {
                    return tx.exec_params(kInsertDeadline, id, dl.kind, common::to_epoch_us(dl.due_at), dl.note, actor);
                });
        }
        tx.commit();
        return id;
    });
}

DossierDetail DossierStore::detail(std::int64_t dossier_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(kDetail, dossier_id);
        if (r.empty()) throw pg::StoreUnknown("no dossier has the id " + std::to_string(dossier_id));
        DossierDetail d;
        d.dossier = dossier_from(r[0]);
        d.case_type = r[0][13].as<std::string>();
        d.unit_code = r[0][14].as<std::string>();
        d.handler_login = pg::optional_string(r[0][15]);
        d.registered_at = pg::time_from_us(r[0][16]);
        d.status_since = pg::time_from_us(r[0][17]);
        for (const auto& row : tx.exec_params(kDeadlines, dossier_id)) d.deadlines.push_back(deadline_from(row));
        return d;
    });
}

TransitionRecord DossierStore::transition(std::int64_t dossier_id, const std::string& to, const std::string& actor,
                                          const std::optional<std::string>& note) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        const auto from = tx.exec_params1(kLockStatus, dossier_id)[0].as<std::string>();
        if (tx.exec_params(kStepExists, from, to).empty()) {
            const auto allowed = tx.exec_params1(kAllowedSteps, from)[0].as<std::string>();
            throw pg::StoreConflict(
                "a dossier " + from + " cannot go to " + to +
                (allowed.empty() ? " (it is at the end of its lifecycle)" : " (it can go to: " + allowed + ")"));
        }
        TransitionRecord t{
            from, to, actor,
            pg::time_from_us(tx.exec_params1(kInsertTransition, dossier_id, from, to, actor_id, note)[0]), note};
        tx.exec_params(kSetStatus, dossier_id, to);
        tx.commit();
        return t;
    });
}

std::vector<TransitionRecord> DossierStore::transitions(std::int64_t dossier_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<TransitionRecord> out;
        for (const auto& row : tx.exec_params(kTransitions, dossier_id)) {
            out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                           pg::time_from_us(row[3]), pg::optional_string(row[4])});
        }
        return out;
    });
}

DeadlineRecord DossierStore::add_deadline(std::int64_t dossier_id, const NewDeadline& deadline,
                                          const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        auto d = pg::translating_refusals(
            "the dossier has a " + deadline.kind + " deadline at that time already", "deadline refused", [&] {
                return deadline_from(tx.exec_params1(kInsertDeadline, dossier_id, deadline.kind,
                                                     common::to_epoch_us(deadline.due_at), deadline.note, actor_id));
            });
        tx.commit();
        return d;
    });
}

DeadlineRecord DossierStore::meet_deadline(std::int64_t dossier_id, std::int64_t deadline_id,
                                           const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        const auto r = tx.exec_params(kMeetDeadline, dossier_id, deadline_id, actor_id, actor);
        if (r.empty()) {
            const auto e = tx.exec_params(kDeadlineExists, dossier_id, deadline_id);
            if (e.empty()) throw pg::StoreUnknown("the dossier has no deadline " + std::to_string(deadline_id));
            throw pg::StoreConflict("deadline " + std::to_string(deadline_id) + " was met already");
        }
        auto d = deadline_from(r[0]);
        tx.commit();
        return d;
    });
}

int DossierStore::add_volume(std::int64_t dossier_id, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        acting_staff_id(tx, actor);
        tx.exec_params(kLockDossier, dossier_id);
        const int no = tx.exec_params1(kNextVolume, dossier_id)[0].as<int>();
        tx.exec_params(kInsertVolume, dossier_id, no);
        tx.commit();
        return no;
    });
}

BindingRecord DossierStore::bind_tag(std::int64_t dossier_id, int volume_no, const std::string& epc,
                                     const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        const auto vol = volume_id(tx, dossier_id, volume_no);
        const auto current = tx.exec_params(kVolumeBinding, vol);
        const auto holder = tx.exec_params(kEpcHolder, epc, dossier_id);
        if (!holder.empty()) {
            const auto same = !current.empty() && current[0][1].as<std::string>() == epc;
            // A dossier of another unit is not named: whoever tags this one may not see that one.
            if (!same && !holder[0][2].as<bool>()) {
                throw pg::StoreConflict("tag " + epc +
                                        " is bound to a dossier of another unit; it must be unbound there first");
            }
            if (!same) {
                throw pg::StoreConflict("tag " + epc + " is bound to " + holder[0][0].as<std::string>() + " volume " +
                                        holder[0][1].as<std::string>() + "; unbind it there first");
            }
        } else {
            if (!current.empty()) tx.exec_params(kCloseBinding, current[0][0].as<std::int64_t>(), actor_id);
            pg::translating_refusals("tag " + epc + " was bound elsewhere meanwhile", "binding refused",
                                     [&] { return tx.exec_params(kInsertBinding, epc, vol, actor_id); });
        }
        const auto all = tx.exec_params(kBindings, dossier_id);
        BindingRecord b;
        for (const auto& row : all) {
            if (row[0].as<int>() == volume_no && row[3].is_null()) b = binding_from(row);
        }
        tx.commit();
        return b;
    });
}

BindingRecord DossierStore::unbind_tag(std::int64_t dossier_id, int volume_no, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        const auto vol = volume_id(tx, dossier_id, volume_no);
        const auto current = tx.exec_params(kVolumeBinding, vol);
        if (current.empty()) throw pg::StoreConflict("volume " + std::to_string(volume_no) + " has no tag bound");
        const auto binding_id = current[0][0].as<std::int64_t>();
        pg::translating_refusals("binding changed meanwhile", "a tag bound this very moment cannot be unbound in it",
                                 [&] { return tx.exec_params(kCloseBinding, binding_id, actor_id); });
        BindingRecord b;
        for (const auto& row : tx.exec_params(kBindings, dossier_id)) {
            if (row[0].as<int>() == volume_no && row[1].as<std::string>() == current[0][1].as<std::string>())
                b = binding_from(row);
        }
        tx.commit();
        return b;
    });
}

DossierPage DossierStore::search(const DossierQuery& q) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::optional<std::string> words;
        if (!q.title_words.empty()) {
            std::vector<std::string> patterns;
            for (const auto& w : q.title_words) patterns.push_back(contains_pattern(w));
            words = pg::text_array(patterns);
        }
        std::optional<std::string> case_number;
        if (q.case_number) case_number = contains_pattern(*q.case_number);
        if (q.unit && tx.exec_params("SELECT 1 FROM units WHERE code = $1", *q.unit).empty()) {
            throw pg::StoreUnknown("no unit has the code \"" + *q.unit + "\"");
        }
        if (q.location && tx.exec_params(kLocationByCode, *q.location).empty()) {
            throw pg::StoreUnknown("no location has the code \"" + *q.location + "\"");
        }
        DossierPage page;
        // One more than asked tells whether another page exists.
        std::optional<std::string> scope;
        if (q.scope_units) scope = pg::text_array(*q.scope_units);
        const auto rows = tx.exec_params(kSearch, words, case_number, q.handler, q.unit, q.status, q.location, q.after,
                                         q.limit + 1, scope, q.scope_holder);
        for (const auto& row : rows) {
            if (static_cast<int>(page.dossiers.size()) == q.limit) {
                page.next = page.dossiers.back().case_number;
                break;
            }
            DossierHit h;
            h.case_number = row[0].as<std::string>();
            h.title = row[1].as<std::string>();
            h.case_type = row[2].as<std::string>();
            h.status = row[3].as<std::string>();
            h.unit_code = row[4].as<std::string>();
            h.handler_login = pg::optional_string(row[5]);
            h.home = pg::optional_string(row[6]);
            h.now_at = split_roles(row[7].as<std::string>());
            page.dossiers.push_back(std::move(h));
        }
        return page;
    });
}

std::vector<BindingRecord> DossierStore::bindings(std::int64_t dossier_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<BindingRecord> out;
        for (const auto& row : tx.exec_params(kBindings, dossier_id)) out.push_back(binding_from(row));
        return out;
    });
}

}  // namespace casetrail::store
