// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/stocktake_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/refusals.hpp"
#include "common/pg/values.hpp"
#include "server/store/record_rows.hpp"

namespace casetrail::store {

namespace {

constexpr const char* kLocationByCode = "SELECT id FROM locations WHERE code = $1";
constexpr const char* kInsertSession = R"sql(
INSERT INTO stocktakes (scope_location_id, started_by, note) VALUES ($1, $2, $3) RETURNING id
)sql";
constexpr const char* kFreezeExpected = R"sql(
INSERT INTO stocktake_expected (stocktake_id, volume_id, home_location_id)
SELECT $1, v.id, d.home_location_id FROM volumes v JOIN dossiers d ON d.id = v.dossier_id
WHERE d.home_location_id IN (SELECT location_id FROM ct_location_subtree($2))
)sql";
constexpr const char* kSession = R"sql(
SELECT st.id, l.code, s.login, ct_us(st.started_at), ct_us(st.finished_at), f.login, st.note,
       (SELECT count(*) FROM stocktake_expected e WHERE e.stocktake_id = st.id), st.scope_location_id
FROM stocktakes st JOIN locations l ON l.id = st.scope_location_id JOIN staff s ON s.id = st.started_by
LEFT JOIN staff f ON f.id = st.finished_by
WHERE st.id = $1
)sql";
// The starter first, then in the order they were added.
constexpr const char* kParticipants = R"sql(
SELECT s.login FROM stocktake_participants p JOIN staff s ON s.id = p.staff_id
JOIN stocktakes st ON st.id = p.stocktake_id
WHERE p.stocktake_id = $1 ORDER BY p.staff_id <> st.started_by, p.added_at, s.login
)sql";
// Someone to take part: an active staff member, whether a role of theirs scans, and their roles.
constexpr const char* kCandidate = R"sql(
SELECT s.id, EXISTS (SELECT FROM staff_roles r WHERE r.staff_id = s.id AND r.role = ANY($2::text[])),
       coalesce((SELECT string_agg(r.role, ', ' ORDER BY r.role) FROM staff_roles r WHERE r.staff_id = s.id), 'none')
FROM staff s WHERE s.login = $1 AND s.active
)sql";
constexpr const char* kAddParticipant = R"sql(
INSERT INTO stocktake_participants (stocktake_id, staff_id, added_by) VALUES ($1, $2, $3)
ON CONFLICT (stocktake_id, staff_id) DO NOTHING RETURNING 1
)sql";
constexpr const char* kLockSession =
    "SELECT finished_at IS NOT NULL, scope_location_id FROM stocktakes WHERE id = $1 FOR UPDATE";
constexpr const char* kInsertBatch = R"sql(
INSERT INTO stocktake_batches (stocktake_id, batch_id, staff_id, scans) VALUES ($1, $2, $3, $4)
ON CONFLICT (stocktake_id, batch_id) DO NOTHING RETURNING 1
)sql";
constexpr const char* kBatchScans =
    "SELECT scans, staff_id FROM stocktake_batches WHERE stocktake_id = $1 AND batch_id = $2";
// Every scan's location must exist and lie in the scope: the first that does not is named.
constexpr const char* kBadLocation = R"sql(
SELECT x.code, l.id IS NULL
FROM unnest($1::text[]) WITH ORDINALITY AS x(code, n)
LEFT JOIN locations l ON l.code = x.code
WHERE l.id IS NULL OR l.id NOT IN (SELECT location_id FROM ct_location_subtree($2))
ORDER BY x.n LIMIT 1
)sql";
constexpr const char* kInsertScans = R"sql(
INSERT INTO stocktake_scans (stocktake_id, batch_id, epc, location_id, scanned_at)
SELECT $1, $2, x.epc, l.id, ct_from_us(x.us)
FROM unnest($3::text[], $4::text[], $5::bigint[]) AS x(epc, code, us) JOIN locations l ON l.code = x.code
)sql";
constexpr const char* kFinish = R"sql(
UPDATE stocktakes SET finished_at = now(), finished_by = $2 WHERE id = $1 AND finished_at IS NULL RETURNING 1
)sql";

constexpr const char* kExpected = R"sql(
SELECT e.volume_id, d.case_number, v.volume_no,
       (SELECT tb.epc FROM tag_bindings tb WHERE tb.volume_id = v.id AND tb.valid_to IS NULL), h.code
FROM stocktake_expected e JOIN volumes v ON v.id = e.volume_id JOIN dossiers d ON d.id = v.dossier_id
JOIN locations h ON h.id = e.home_location_id
WHERE e.stocktake_id = $1 ORDER BY d.case_number, v.volume_no
)sql";
// Handheld scans, then what the fixed readers knew: where each tag stood as of the session's end (or
// now), and every arrival in the scope during the session.
constexpr const char* kSightings = R"sql(
WITH st AS (SELECT id, scope_location_id, started_at, coalesce(finished_at, now()) AS ended FROM stocktakes WHERE id = $1),
scope AS (SELECT location_id FROM st, ct_location_subtree(st.scope_location_id)),
standing AS (
  SELECT DISTINCT ON (e.epc) e.epc, e.kind, e.location_id, e.observed_at
  FROM location_events e, st WHERE e.observed_at <= st.ended
  ORDER BY e.epc, e.observed_at DESC, e.id DESC
)
SELECT * FROM (
  SELECT sc.epc, l.code, s.login, sc.scanned_at, 0 AS src
  FROM stocktake_scans sc JOIN stocktake_batches b ON b.stocktake_id = sc.stocktake_id AND b.batch_id = sc.batch_id
  JOIN staff s ON s.id = b.staff_id JOIN locations l ON l.id = sc.location_id
  WHERE sc.stocktake_id = $1
  UNION ALL
  SELECT x.epc, l.code, 'fixed reader', x.observed_at, 1 FROM standing x JOIN locations l ON l.id = x.location_id
  WHERE x.kind IN ('arrived', 'moved', 'resolved', 'ambiguous') AND x.location_id IN (SELECT location_id FROM scope)
  UNION ALL
  SELECT e.epc, l.code, 'fixed reader', e.observed_at, 1 FROM location_events e JOIN locations l ON l.id = e.location_id, st
  WHERE e.kind IN ('arrived', 'moved', 'resolved') AND e.observed_at BETWEEN st.started_at AND st.ended
    AND e.location_id IN (SELECT location_id FROM scope)
) s ORDER BY src, scanned_at
)sql";
constexpr const char* kOwners = R"sql(
SELECT tb.epc, v.id, d.case_number, v.volume_no, h.code
FROM tag_bindings tb JOIN volumes v ON v.id = tb.volume_id JOIN dossiers d ON d.id = v.dossier_id
LEFT JOIN locations h ON h.id = d.home_location_id
WHERE tb.valid_to IS NULL AND tb.epc = ANY($1::text[])
)sql";
constexpr const char* kLastKnown = R"sql(
SELECT e.volume_id, l.code, vl.state, ct_us(vl.since), hs.login
FROM stocktake_expected e JOIN volumes v ON v.id = e.volume_id
LEFT JOIN volume_locations vl ON vl.volume_id = e.volume_id LEFT JOIN locations l ON l.id = vl.location_id
LEFT JOIN custody_periods c ON c.dossier_id = v.dossier_id AND c.to_at IS NULL LEFT JOIN staff hs ON hs.id = c.holder_id
WHERE e.stocktake_id = $1
)sql";
constexpr const char* kByStaff = R"sql(
SELECT s.login, sum(b.scans)::int, count(*)::int FROM stocktake_batches b JOIN staff s ON s.id = b.staff_id
WHERE b.stocktake_id = $1 GROUP BY s.login ORDER BY s.login
)sql";

std::optional<StocktakeRecord> read_session(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params(kSession, id);
    if (r.empty()) return std::nullopt;
    StocktakeRecord s;
    s.id = r[0][0].as<std::int64_t>();
    s.scope = r[0][1].as<std::string>();
    s.started_by = r[0][2].as<std::string>();
    s.started_at = pg::time_from_us(r[0][3]);
    if (!r[0][4].is_null()) s.finished_at = pg::time_from_us(r[0][4]);
    s.finished_by = pg::optional_string(r[0][5]);
    s.note = pg::optional_string(r[0][6]);
    s.expected = r[0][7].as<int>();
    for (const auto& row : tx.exec_params(kParticipants, id)) s.participants.push_back(row[0].as<std::string>());
    return s;
}

// "a clerk, case_handler, supervisor or admin"
std::string one_of(const std::vector<std::string>& roles) {
    std::string out = "a ";
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i > 0) out += i + 1 == roles.size() ? " or " : ", ";
        out += roles[i];
    }
    return out;
}

// The staff id of `login`, who is to take part: StoreUnknown when no active staff member has that login,
// StoreInvalid (naming `field`) when none of their roles scans.
std::int64_t participant_id(pqxx::transaction_base& tx, const std::string& field, const std::string& login,
                            const std::vector<std::string>& scanning_roles) {
    const auto r = tx.exec_params(kCandidate, login, pg::text_array(scanning_roles));
    if (r.empty()) throw pg::StoreUnknown("no active staff member has the login \"" + login + "\"");
    if (!r[0][1].as<bool>()) {
        throw pg::StoreInvalid(field + ": " + login + " may not scan (roles: " + r[0][2].as<std::string>() +
                               "); a participant is " + one_of(scanning_roles));
    }
    return r[0][0].as<std::int64_t>();
}

// The open session's scope, its row locked against a finish in between (nobody joins or uploads to a
// finished session); an unknown or finished one refused.
std::int64_t lock_open_session(pqxx::transaction_base& tx, std::int64_t id) {
    const auto s = tx.exec_params(kLockSession, id);
    if (s.empty()) throw pg::StoreUnknown("no stock-taking has the id " + std::to_string(id));
    if (s[0][0].as<bool>()) throw pg::StoreConflict("stock-taking " + std::to_string(id) + " is finished");
    return s[0][1].as<std::int64_t>();
}

}  // namespace

StocktakeRecord StocktakeStore::start(const std::string& scope, const std::string& actor,
                                      const std::optional<std::string>& note,
                                      const std::vector<std::string>& participants,
                                      const std::vector<std::string>& scanning_roles) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        const auto l = tx.exec_params(kLocationByCode, scope);
        if (l.empty()) throw pg::StoreUnknown("no location has the code \"" + scope + "\"");
        const auto scope_id = l[0][0].as<std::int64_t>();
        const auto id = pg::translating_refusals(
            "a stock-taking of " + scope + " is open already", "stock-taking refused",
            [&] { return tx.exec_params1(kInsertSession, scope_id, actor_id, note)[0].as<std::int64_t>(); });
        tx.exec_params(kFreezeExpected, id, scope_id);
        tx.exec_params(kAddParticipant, id, actor_id, actor_id);
        for (std::size_t i = 0; i < participants.size(); ++i) {
            const auto field = "participants[" + std::to_string(i) + "]";
            tx.exec_params(kAddParticipant, id, participant_id(tx, field, participants[i], scanning_roles), actor_id);
        }
        auto s = *read_session(tx, id);
        tx.commit();
        return s;
    });
}

std::optional<StocktakeRecord> StocktakeStore::session(std::int64_t id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        return read_session(tx, id);
    });
}

ParticipantOutcome StocktakeStore::add_participant(std::int64_t id, const std::string& login, const std::string& actor,
                                                   const std::vector<std::string>& scanning_roles) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        lock_open_session(tx, id);
        ParticipantOutcome out;
        const auto staff_id = participant_id(tx, "login", login, scanning_roles);
        out.already_participant = tx.exec_params(kAddParticipant, id, staff_id, actor_id).empty();
        out.session = *read_session(tx, id);
        tx.commit();
        return out;
    });
}

BatchOutcome StocktakeStore::add_batch(std::int64_t id, const std::string& batch_id, const std::string& actor,
                                       const std::vector<HandheldScan>& scans) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        const auto scope_id = lock_open_session(tx, id);
        BatchOutcome out{batch_id, static_cast<int>(scans.size()), false};
        if (tx.exec_params(kInsertBatch, id, batch_id, actor_id, out.scans).empty()) {
            const auto earlier = tx.exec_params1(kBatchScans, id, batch_id);
            // Another person's batch of that id is theirs: answering "already uploaded" would drop these
            // scans without a word (and tell the sender how many the other batch had).
            if (earlier[1].as<std::int64_t>() != actor_id) {
                throw pg::StoreConflict("batch_id: \"" + batch_id + "\" was uploaded to stock-taking " +
                                        std::to_string(id) + " by someone else; give this batch an id of its own");
            }
            // Uploaded before by the same person (a retry after a lost answer): nothing more is added.
            out.already_uploaded = true;
            out.scans = earlier[0].as<int>();
            tx.commit();
            return out;
        }
        std::vector<std::string> epcs, codes;
        std::vector<std::int64_t> times;
        for (const auto& sc : scans) {
            epcs.push_back(sc.epc);
            codes.push_back(sc.location);
            times.push_back(common::to_epoch_us(sc.at));
        }
        if (const auto bad = tx.exec_params(kBadLocation, pg::text_array(codes), scope_id); !bad.empty()) {
            const auto code = bad[0][0].as<std::string>();
            if (bad[0][1].as<bool>()) throw pg::StoreUnknown("no location has the code \"" + code + "\"");
            throw pg::StoreInvalid("location " + code + " is outside the stock-taking's scope");
        }
        tx.exec_params(kInsertScans, id, batch_id, pg::text_array(epcs), pg::text_array(codes), pg::int_array(times));
        tx.commit();
        return out;
    });
}

StocktakeRecord StocktakeStore::finish(std::int64_t id, const std::string& actor) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto actor_id = acting_staff_id(tx, actor);
        if (!read_session(tx, id)) throw pg::StoreUnknown("no stock-taking has the id " + std::to_string(id));
        if (tx.exec_params(kFinish, id, actor_id).empty()) {
            throw pg::StoreConflict("stock-taking " + std::to_string(id) + " is finished already");
        }
        auto s = *read_session(tx, id);
        tx.commit();
        return s;
    });
}

StocktakeMaterial StocktakeStore::material(std::int64_t id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        StocktakeMaterial m;
        auto s = read_session(tx, id);
        if (!s) throw pg::StoreUnknown("no stock-taking has the id " + std::to_string(id));
        m.session = *s;
        for (const auto& row : tx.exec_params(kExpected, id)) {
            m.expected.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<int>(),
                                  pg::optional_string(row[3]), row[4].as<std::string>()});
        }
        std::vector<std::string> epcs;
        for (const auto& row : tx.exec_params(kSightings, id)) {
            m.sightings.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
            epcs.push_back(m.sightings.back().epc);
        }
        for (const auto& row : tx.exec_params(kOwners, pg::text_array(epcs))) {
            m.owners.push_back(
                {row[0].as<std::string>(),
                 {row[1].as<std::int64_t>(), row[2].as<std::string>(), row[3].as<int>(), pg::optional_string(row[4])}});
        }
        for (const auto& row : tx.exec_params(kLastKnown, id)) {
            LastKnown k;
            k.location = pg::optional_string(row[1]);
            k.state = pg::optional_string(row[2]);
            if (!row[3].is_null()) k.since = pg::time_from_us(row[3]);
            k.holder = pg::optional_string(row[4]);
            m.last_known.emplace_back(row[0].as<std::int64_t>(), k);
        }
        for (const auto& row : tx.exec_params(kByStaff, id)) {
            m.by_staff.push_back({row[0].as<std::string>(), row[1].as<int>(), row[2].as<int>()});
        }
        return m;
    });
}

}  // namespace casetrail::store
