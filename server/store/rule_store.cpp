#include "server/store/rule_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"
#include "server/store/alert_rows.hpp"

namespace casetrail::store {

namespace {

// $1: the settings rows, $2: now (microseconds since the epoch).
const std::string kSettings = R"sql(
WITH s AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    unit_id bigint, deadline_on boolean, lead_days integer[], misplaced_on boolean, misplaced_s bigint,
    out_on boolean, unseen_s bigint, custody_on boolean, handover_on boolean, handover_s bigint,
    lost_on boolean, lost_s bigint, reader_on boolean, reader_s bigint, escalate_on boolean, escalate_s bigint))
)sql";

constexpr const char* kInsertAlert = R"sql(
INSERT INTO alerts (rule, subject_kind, subject_id, stage, dossier_id, reader_id, unit_id, summary, details, raised_at)
)sql";

// Deadlines: the lead time reached (0: passed) for each open deadline within the longest lead ($3 days),
// when no alert of that stage or a later one was raised for it before.
const std::string kDeadlineStages = kSettings + R"sql(
, due AS (
    SELECT dl.id, d.id AS dossier_id, d.owning_unit_id, d.case_number, dl.kind, dl.due_at,
           CASE WHEN dl.due_at <= ct_from_us($2) THEN 0
                ELSE (SELECT min(l) FROM unnest(s.lead_days) l WHERE dl.due_at <= ct_from_us($2) + l * interval '1 day')
           END AS lead
    FROM deadlines dl JOIN dossiers d ON d.id = dl.dossier_id JOIN s ON s.unit_id = d.owning_unit_id
    WHERE dl.met_at IS NULL AND s.deadline_on AND d.status NOT IN ('archived', 'closed')
      AND dl.due_at <= ct_from_us($2) + $3 * interval '1 day'
      -- Windowed: only deadlines that crossed a lead time (or their due time) since the previous sweep.
      -- Deadlines registered since then ($5: the newest id that sweep saw) are looked at whatever their time.
      AND ($4::bigint IS NULL OR dl.id > $5 OR (dl.due_at > ct_from_us($4) AND EXISTS (
              SELECT 1 FROM unnest(s.lead_days || 0) l
              WHERE dl.due_at - l * interval '1 day' > ct_from_us($4) AND dl.due_at - l * interval '1 day' <= ct_from_us($2))))
      -- A slice of all ($6 of $7 by id): a full pass spread over several sweeps.
      AND ($6::int IS NULL OR dl.id % $7 = $6)
), fresh AS (
    SELECT due.*, CASE WHEN lead = 0 THEN 'passed' ELSE lead || 'd' END AS stage FROM due
    WHERE lead IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM alerts a WHERE a.rule = 'deadline' AND a.subject_kind = 'deadline' AND a.subject_id = due.id
          AND CASE WHEN a.stage = 'passed' THEN 0 ELSE rtrim(a.stage, 'd')::integer END <= due.lead)
)
)sql";
// A new stage supersedes the open alert of the earlier one.
const std::string kDeadlineSupersede = kDeadlineStages + R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($2), resolution = 'superseded'
FROM fresh WHERE a.rule = 'deadline' AND a.subject_kind = 'deadline' AND a.subject_id = fresh.id AND a.state <> 'resolved'
)sql";
const std::string kDeadlineRaise = kDeadlineStages + kInsertAlert + R"sql(
SELECT 'deadline', 'deadline', id, stage, dossier_id, NULL, owning_unit_id,
       CASE WHEN lead = 0
            THEN case_number || ': the ' || kind || ' deadline passed at ' || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC'
            ELSE case_number || ': the ' || kind || ' deadline is in ' || lead || ' day' || CASE WHEN lead = 1 THEN '' ELSE 's' END
                 || ' or less (' || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)' END,
       jsonb_build_object('case_number', case_number, 'deadline', id, 'kind', kind, 'due_at', ct_iso(due_at)),
       ct_from_us($2)
FROM fresh
ON CONFLICT DO NOTHING
RETURNING id
)sql";
// Met deadlines, and those of dossiers archived or closed since, clear their alerts. Windowed ($2: the
// database's time at the previous sweep): only deadlines met since, through their index; the archived
// and closed dossiers wait for the next full sweep.
constexpr const char* kDeadlineClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
FROM deadlines dl JOIN dossiers d ON d.id = dl.dossier_id
WHERE a.rule = 'deadline' AND a.subject_kind = 'deadline' AND a.state <> 'resolved' AND dl.id = a.subject_id
  AND (dl.met_at IS NOT NULL OR d.status IN ('archived', 'closed'))
  -- (met_at is when the meeting transaction began: one that began before the previous sweep may have
  -- committed after it looked; clearing twice is harmless)
  AND ($2::bigint IS NULL OR dl.met_at >= ct_from_us($2) - interval '5 minutes')
  AND ($3::int IS NULL OR a.subject_id % $4 = $3)
RETURNING a.id
)sql";

// The volume rules take $3: the volumes to look at (NULL: all).
constexpr const char* kVolumeFilter = " AND ($3::bigint[] IS NULL OR rv.volume_id = ANY ($3::bigint[])) ";
constexpr const char* kAlertVolumeFilter = " AND ($2::bigint[] IS NULL OR a.subject_id = ANY ($2::bigint[])) ";

// Misplaced: on a shelf that is neither its home nor inside it, for longer than the grace time, not in
// anyone's custody, and not in a place being stock-taken.
constexpr const char* kMisplacedWhere = R"sql(
    rv.state = 'present' AND an.role = 'shelf' AND rv.home_location_id IS NOT NULL
    AND rv.location_id <> rv.home_location_id
    AND rv.location_id NOT IN (SELECT ct_location_subtree(rv.home_location_id))
)sql";
const std::string kMisplacedRaise = kSettings + kInsertAlert + R"sql(
SELECT 'misplaced', 'volume', rv.volume_id, '', rv.dossier_id, NULL, rv.owning_unit_id,
       rv.case_number || ' volume ' || rv.volume_no || ' is on ' || l.code || ', not on its home ' || h.code,
       jsonb_build_object('case_number', rv.case_number, 'volume', rv.volume_no, 'location', l.code, 'home', h.code,
                          'since', ct_iso(rv.since)),
       ct_from_us($2)
FROM rule_volumes rv JOIN s ON s.unit_id = rv.owning_unit_id
JOIN locations l ON l.id = rv.location_id JOIN locations h ON h.id = rv.home_location_id
JOIN antennas an ON an.id = rv.antenna_id
WHERE s.misplaced_on AND )sql" + std::string(kMisplacedWhere) + R"sql(
  AND rv.since <= ct_from_us($2) - s.misplaced_s * interval '1 second'
  -- Windowed: only volumes whose grace time ran out since the previous sweep ($4; the longest grace of
  -- any unit is $5 seconds, which bounds the index range).
  AND ($4::bigint IS NULL OR (rv.since > ct_from_us($4) - s.misplaced_s * interval '1 second'
                              AND rv.since > ct_from_us($4) - $5 * interval '1 second'))
  AND ($6::int IS NULL OR rv.volume_id % $7 = $6)
  AND NOT EXISTS (SELECT 1 FROM stocktakes st WHERE st.finished_at IS NULL
                  AND rv.location_id IN (SELECT ct_location_subtree(st.scope_location_id)))
  -- Resolved by hand while it lay here (the same placement, told by its time): it stays resolved until
  -- it moves.
  AND NOT EXISTS (SELECT 1 FROM alerts p WHERE p.rule = 'misplaced' AND p.subject_kind = 'volume'
                  AND p.subject_id = rv.volume_id AND p.resolution = 'by_hand' AND p.details->>'since' = ct_iso(rv.since))
)sql" + kVolumeFilter + " ON CONFLICT DO NOTHING RETURNING id";
const std::string kMisplacedClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
WHERE a.rule = 'misplaced' AND a.state <> 'resolved' )sql" + std::string(kAlertVolumeFilter) + R"sql(
  AND NOT EXISTS (SELECT 1 FROM rule_volumes rv JOIN antennas an ON an.id = rv.antenna_id
                  WHERE rv.volume_id = a.subject_id AND )sql" + kMisplacedWhere + ") RETURNING a.id";

// Out without a handover: passed a doorway outward (at once), or not seen anywhere for the set time
// while the reader that last saw it could have seen it; never while in someone's custody.
const std::string kOutRaise = kSettings + kInsertAlert + R"sql(
SELECT 'out_without_handover', 'volume', rv.volume_id, CASE WHEN rv.state = 'out' THEN 'passed_out' ELSE 'not_seen' END,
       rv.dossier_id, NULL, rv.owning_unit_id,
       CASE WHEN rv.state = 'out'
            THEN rv.case_number || ' volume ' || rv.volume_no || ' passed the doorway at ' || l.code
                 || ' outward with no check-out or handover'
            ELSE rv.case_number || ' volume ' || rv.volume_no || ' has not been seen since '
                 || to_char(rv.since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC (last on ' || l.code
                 || ') and is not checked out' END,
       jsonb_build_object('case_number', rv.case_number, 'volume', rv.volume_no, 'location', l.code,
                          'since', ct_iso(rv.since), 'state', rv.state),
       ct_from_us($2)
FROM rule_volumes rv JOIN s ON s.unit_id = rv.owning_unit_id JOIN locations l ON l.id = rv.location_id
WHERE s.out_on AND (rv.state = 'out'
      OR (rv.state = 'absent' AND rv.since <= ct_from_us($2) - s.unseen_s * interval '1 second'
          AND ct_antenna_verifiable(rv.antenna_id)))
  AND NOT EXISTS (SELECT 1 FROM alerts p WHERE p.rule = 'out_without_handover' AND p.subject_kind = 'volume'
                  AND p.subject_id = rv.volume_id AND p.resolution = 'by_hand' AND p.details->>'since' = ct_iso(rv.since))
)sql" + kVolumeFilter + " ON CONFLICT DO NOTHING RETURNING id";
// Lost: not seen for hours while it should be in coverage; only where its last reader can vouch for it.
const std::string kLostRaise = kSettings + kInsertAlert + R"sql(
SELECT 'lost', 'volume', rv.volume_id, '', rv.dossier_id, NULL, rv.owning_unit_id,
       rv.case_number || ' volume ' || rv.volume_no || ' is lost: not seen since '
       || to_char(rv.since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC (last on ' || l.code || ')',
       jsonb_build_object('case_number', rv.case_number, 'volume', rv.volume_no, 'location', l.code,
                          'since', ct_iso(rv.since), 'state', rv.state),
       ct_from_us($2)
FROM rule_volumes rv JOIN s ON s.unit_id = rv.owning_unit_id JOIN locations l ON l.id = rv.location_id
WHERE s.lost_on AND rv.state IN ('absent', 'out') AND rv.since <= ct_from_us($2) - s.lost_s * interval '1 second'
  AND ct_antenna_verifiable(rv.antenna_id)
  AND NOT EXISTS (SELECT 1 FROM alerts p WHERE p.rule = 'lost' AND p.subject_kind = 'volume'
                  AND p.subject_id = rv.volume_id AND p.resolution = 'by_hand' AND p.details->>'since' = ct_iso(rv.since))
)sql" + kVolumeFilter + " ON CONFLICT DO NOTHING RETURNING id";
// Both clear when the volume is seen again or is taken into custody.
const std::string kUnseenClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
WHERE a.rule IN ('out_without_handover', 'lost') AND a.state <> 'resolved' )sql" + std::string(kAlertVolumeFilter) + R"sql(
  AND NOT EXISTS (SELECT 1 FROM rule_volumes rv WHERE rv.volume_id = a.subject_id AND rv.state IN ('absent', 'out'))
RETURNING a.id
)sql";

// Custody overdue: held past the due-back time; to the holder.
const std::string kCustodyRaise = kSettings + kInsertAlert + R"sql(
SELECT 'custody_overdue', 'custody', c.id, '', d.id, NULL, d.owning_unit_id,
       d.case_number || ' was due back from ' || h.login || ' at ' || to_char(c.due_back AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC',
       jsonb_build_object('case_number', d.case_number, 'holder', h.login, 'due_back', ct_iso(c.due_back), 'purpose', c.purpose),
       ct_from_us($2)
FROM custody_periods c JOIN dossiers d ON d.id = c.dossier_id JOIN staff h ON h.id = c.holder_id
JOIN s ON s.unit_id = d.owning_unit_id
WHERE c.to_at IS NULL AND c.due_back <= ct_from_us($2) AND s.custody_on
ON CONFLICT DO NOTHING RETURNING id
)sql";
constexpr const char* kCustodyClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
FROM custody_periods c
WHERE a.rule = 'custody_overdue' AND a.state <> 'resolved' AND c.id = a.subject_id
  AND (c.to_at IS NOT NULL OR c.due_back > ct_from_us($1))
RETURNING a.id
)sql";

// Handover unconfirmed: the receiver has not confirmed for the set time, or it expired; to the giver.
const std::string kHandoverRaise = kSettings + kInsertAlert + R"sql(
SELECT 'handover_unconfirmed', 'handover', x.id, '', d.id, NULL, d.owning_unit_id,
       d.case_number || ': the handover from ' || f.login || ' to ' || t.login
       || CASE WHEN x.outcome = 'expired' THEN ' expired unconfirmed at ' ELSE ' is unconfirmed since ' END
       || to_char(CASE WHEN x.outcome = 'expired' THEN x.outcome_at ELSE x.initiated_at END AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC',
       jsonb_build_object('case_number', d.case_number, 'handover', x.id, 'from', f.login, 'to', t.login,
                          'initiated_at', ct_iso(x.initiated_at), 'confirm_by', ct_iso(x.confirm_by), 'outcome', x.outcome),
       ct_from_us($2)
FROM handovers x JOIN dossiers d ON d.id = x.dossier_id JOIN staff f ON f.id = x.from_id JOIN staff t ON t.id = x.to_id
JOIN s ON s.unit_id = d.owning_unit_id
WHERE s.handover_on AND ((x.outcome IS NULL AND x.initiated_at <= ct_from_us($2) - s.handover_s * interval '1 second')
                         -- expired lately: not every handover that ever expired, at the first start
                         OR (x.outcome = 'expired' AND x.outcome_at >= ct_from_us($2) - interval '7 days'))
  AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.rule = 'handover_unconfirmed' AND a.subject_kind = 'handover'
                  AND a.subject_id = x.id)
ON CONFLICT DO NOTHING RETURNING id
)sql";
constexpr const char* kHandoverClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
FROM handovers x
WHERE a.rule = 'handover_unconfirmed' AND a.state <> 'resolved' AND x.id = a.subject_id
  AND x.outcome IN ('confirmed', 'cancelled')
RETURNING a.id
)sql";

// Reader offline or degraded for the set time; to the admins of the site's unit. It names the volumes
// it leaves unverifiable: gone from its antennas, so "lost" is held back while it cannot see.
constexpr const char* kUnverifiable = R"sql(
    jsonb_build_object('reader', r.code, 'state', h.state, 'since', ct_iso(h.since), 'reason', h.reason,
        'unverifiable', (SELECT count(*) FROM rule_volumes rv JOIN antennas an ON an.id = rv.antenna_id
                         WHERE an.reader_id = r.id AND rv.state IN ('absent', 'out')),
        'unverifiable_sample', (SELECT coalesce(jsonb_agg(v.case_number ORDER BY v.case_number), '[]'::jsonb)
                                FROM (SELECT DISTINCT rv.case_number FROM rule_volumes rv
                                      JOIN antennas an ON an.id = rv.antenna_id
                                      WHERE an.reader_id = r.id AND rv.state IN ('absent', 'out')
                                      ORDER BY rv.case_number LIMIT 20) v))
)sql";
const std::string kReaderRaise = kSettings + kInsertAlert + R"sql(
SELECT 'reader_offline', 'reader', r.id, '', NULL, r.id, st.unit_id,
       'reader ' || r.code || ' is ' || h.state || ' since ' || to_char(h.since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
       || ' UTC' || coalesce(' (' || h.reason || ')', ''),
)sql" + std::string(kUnverifiable) + R"sql(, ct_from_us($2)
FROM readers r JOIN reader_health h ON h.reader_id = r.id JOIN sites st ON st.id = r.site_id
JOIN s ON s.unit_id IS NOT DISTINCT FROM st.unit_id
WHERE s.reader_on AND h.state IN ('offline', 'degraded') AND h.since <= ct_from_us($2) - s.reader_s * interval '1 second'
  AND NOT EXISTS (SELECT 1 FROM alerts p WHERE p.rule = 'reader_offline' AND p.subject_kind = 'reader'
                  AND p.subject_id = r.id AND p.resolution = 'by_hand' AND p.details->>'since' = ct_iso(h.since))
ON CONFLICT DO NOTHING RETURNING id
)sql";
// What an open reader alert says is kept current.
const std::string kReaderRefresh = std::string(R"sql(
UPDATE alerts a SET details = )sql") + kUnverifiable + R"sql(
FROM readers r JOIN reader_health h ON h.reader_id = r.id
WHERE a.rule = 'reader_offline' AND a.state <> 'resolved' AND r.id = a.reader_id
)sql";
constexpr const char* kReaderClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
FROM reader_health h
WHERE a.rule = 'reader_offline' AND a.state <> 'resolved' AND h.reader_id = a.reader_id AND h.state = 'online'
RETURNING a.id
)sql";

// Open (not acknowledged) past the unit's escalation time: to the supervisors.
const std::string kEscalate = kSettings + R"sql(
, esc AS (
    UPDATE alerts a SET escalated_at = ct_from_us($2)
    FROM s
    WHERE a.state = 'open' AND a.escalated_at IS NULL AND s.unit_id IS NOT DISTINCT FROM a.unit_id AND s.escalate_on
      AND a.raised_at <= ct_from_us($2) - s.escalate_s * interval '1 second'
    RETURNING a.id, a.unit_id
)
INSERT INTO alert_notices (alert_id, staff_id, kind, created_at)
SELECT esc.id, sup, 'escalated', ct_from_us($2) FROM esc CROSS JOIN LATERAL ct_unit_supervisors(esc.unit_id) sup
ON CONFLICT DO NOTHING RETURNING id
)sql";

constexpr const char* kRaisedNotices = R"sql(
INSERT INTO alert_notices (alert_id, staff_id, kind, created_at)
SELECT a.id, r, 'raised', a.raised_at FROM alerts a CROSS JOIN LATERAL ct_alert_recipients(a) r
WHERE a.id = ANY ($1::bigint[])
ON CONFLICT DO NOTHING RETURNING id
)sql";
// Whoever was told of an alert is told it cleared.
constexpr const char* kResolvedNotices = R"sql(
INSERT INTO alert_notices (alert_id, staff_id, kind, created_at)
SELECT DISTINCT n.alert_id, n.staff_id, 'resolved', ct_from_us($2) FROM alert_notices n
WHERE n.alert_id = ANY ($1::bigint[]) AND n.kind IN ('raised', 'escalated')
ON CONFLICT DO NOTHING RETURNING id
)sql";

std::vector<std::int64_t> ids_of(const pqxx::result& r) {
    std::vector<std::int64_t> ids;
    ids.reserve(r.size());
    for (const auto& row : r) ids.push_back(row[0].as<std::int64_t>());
    return ids;
}

}  // namespace

std::vector<UnitRow> RuleStore::units() {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<UnitRow> out;
        for (const auto& row : tx.exec("SELECT id, parent_id, code FROM units ORDER BY id")) {
            UnitRow u;
            u.id = row[0].as<std::int64_t>();
            if (!row[1].is_null()) u.parent_id = row[1].as<std::int64_t>();
            u.code = row[2].as<std::string>();
            out.push_back(std::move(u));
        }
        return out;
    });
}

std::int64_t RuleStore::last_event_id() {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        return tx.exec1("SELECT coalesce(max(id), 0) FROM location_events")[0].as<std::int64_t>();
    });
}

std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> RuleStore::events_since(
    std::int64_t cursor, const std::vector<std::int64_t>& also, int limit) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> out;
        const auto r = tx.exec_prepared(lease->prepared("rules_events_since", R"sql(
            (SELECT id, volume_id FROM location_events WHERE id > $1 ORDER BY id LIMIT $2)
            UNION
            SELECT id, volume_id FROM location_events WHERE id = ANY ($3::bigint[])
        )sql"), cursor, limit, pg::int_array(also));
        for (const auto& row : r) {
            out.emplace_back(row[0].as<std::int64_t>(),
                             row[1].is_null() ? std::nullopt : std::optional<std::int64_t>(row[1].as<std::int64_t>()));
        }
        return out;
    });
}

EvaluationReport RuleStore::evaluate(const std::string& settings, TimePoint now, int max_lead_days, int max_grace_s,
                                     const std::optional<std::vector<std::int64_t>>& volumes,
                                     const std::optional<SweepWindow>& window) {
    const auto now_us = common::to_epoch_us(now);
    std::optional<std::int64_t> from_us;
    std::int64_t deadline_after = 0;
    std::optional<std::int64_t> met_after_us;
    std::optional<int> slice;
    int slices = 1;
    if (window) {
        met_after_us = window->database_time_us;
        if (window->slices > 1) {
            slice = window->slice % window->slices;
            slices = window->slices;
        }
        from_us = common::to_epoch_us(window->from);
        deadline_after = window->deadline_id_after;
    }
    std::optional<std::string> filter;
    if (volumes) filter = pg::int_array(*volumes);
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        lock_notice_order(tx);
        EvaluationReport report;
        if (!volumes) {
            const auto mark = tx.exec1("SELECT coalesce(max(id), 0), ct_us(now()) FROM deadlines");
            report.deadline_mark = mark[0].as<std::int64_t>();
            report.database_time_us = mark[1].as<std::int64_t>();
        }
        std::vector<std::int64_t> raised, cleared;
        const auto count = [](std::map<std::string, int>& m, const std::string& rule, const std::vector<std::int64_t>& ids,
                              std::vector<std::int64_t>& all) {
            if (ids.empty()) return;
            m[rule] += static_cast<int>(ids.size());
            all.insert(all.end(), ids.begin(), ids.end());
        };
        const auto clear = [&](const std::string& rule, const pqxx::result& r) { count(report.cleared, rule, ids_of(r), cleared); };
        const auto raise = [&](const std::string& rule, const pqxx::result& r) { count(report.raised, rule, ids_of(r), raised); };

        // Clear first, so that a condition that ended and began again raises a fresh alert.
        clear("misplaced", tx.exec_params(kMisplacedClear, now_us, filter));
        clear("out_without_handover or lost", tx.exec_params(kUnseenClear, now_us, filter));
        raise("out_without_handover", tx.exec_params(kOutRaise, settings, now_us, filter));
        const std::optional<int> no_slice;
        raise("misplaced", tx.exec_params(kMisplacedRaise, settings, now_us, filter, from_us, max_grace_s, no_slice, slices));
        // Windowed sweeps also take one slice of everything: over `slices` sweeps every row is looked at.
        if (slice) {
            raise("misplaced", tx.exec_params(kMisplacedRaise, settings, now_us, filter, std::optional<std::int64_t>(),
                                              max_grace_s, slice, slices));
        }
        raise("lost", tx.exec_params(kLostRaise, settings, now_us, filter));
        if (!volumes) {
            clear("deadline", tx.exec_params(kDeadlineClear, now_us, met_after_us, no_slice, slices));
            if (slice) clear("deadline", tx.exec_params(kDeadlineClear, now_us, std::optional<std::int64_t>(), slice, slices));
            clear("custody_overdue", tx.exec_params(kCustodyClear, now_us));
            clear("handover_unconfirmed", tx.exec_params(kHandoverClear, now_us));
            clear("reader_offline", tx.exec_params(kReaderClear, now_us));
            tx.exec_params(kDeadlineSupersede, settings, now_us, max_lead_days, from_us, deadline_after, no_slice, slices);
            raise("deadline", tx.exec_params(kDeadlineRaise, settings, now_us, max_lead_days, from_us, deadline_after, no_slice, slices));
            if (slice) {
                const std::optional<std::int64_t> everything;
                tx.exec_params(kDeadlineSupersede, settings, now_us, max_lead_days, everything, deadline_after, slice, slices);
                raise("deadline", tx.exec_params(kDeadlineRaise, settings, now_us, max_lead_days, everything, deadline_after, slice, slices));
            }
            raise("custody_overdue", tx.exec_params(kCustodyRaise, settings, now_us));
            raise("handover_unconfirmed", tx.exec_params(kHandoverRaise, settings, now_us));
            tx.exec(kReaderRefresh);
            raise("reader_offline", tx.exec_params(kReaderRaise, settings, now_us));
        }
        if (!raised.empty()) report.notices += static_cast<int>(tx.exec_params(kRaisedNotices, pg::int_array(raised)).size());
        if (!cleared.empty()) {
            report.notices += static_cast<int>(tx.exec_params(kResolvedNotices, pg::int_array(cleared), now_us).size());
        }
        if (!volumes) {
            const auto esc = tx.exec_params(kEscalate, settings, now_us);
            report.escalated = static_cast<int>(esc.size());
            report.notices += report.escalated;
        }
        tx.commit();
        return report;
    });
}

}  // namespace casetrail::store
