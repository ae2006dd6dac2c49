// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/alert_rules.hpp"

namespace casetrail::store {

namespace {

using P = RuleParam;
using Counts = RuleStatement::Counts;
using Kind = RuleSetting::Kind;

constexpr int kWeekMinutes = 7 * 24 * 60;

// `WITH s AS (...)` over these blocks' columns.
std::string cte_of(const std::vector<const RuleSettingsBlock*>& blocks) {
    std::string columns = "unit_id bigint";
    for (const auto* block : blocks) {
        columns += ", " + block->enabled_column + " boolean";
        for (const auto& s : block->settings)
            columns += ", " + s.column + (s.kind == Kind::lead_days ? " integer[]" : " bigint");
    }
    return "\nWITH s AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(" + columns + "))\n";
}

}  // namespace

const RuleSettingsBlock& escalation_settings() {
    static const RuleSettingsBlock block{
        "escalation", "escalate_on", {{"after_minutes", "escalate_s", Kind::minutes, 1, 30 * 24 * 60, {240}}}};
    return block;
}

std::vector<const RuleSettingsBlock*> settings_blocks() {
    std::vector<const RuleSettingsBlock*> out;
    for (const auto& r : alert_rules()) out.push_back(&r.block);
    out.push_back(&escalation_settings());
    return out;
}

const std::string& settings_cte() {
    static const std::string cte = cte_of(settings_blocks());
    return cte;
}

namespace {

constexpr const char* kInsertAlert = R"sql(
INSERT INTO alerts (rule, subject_kind, subject_id, stage, dossier_id, reader_id, unit_id, summary, details, raised_at)
)sql";

// Deadlines: the lead time reached (0: passed) for each open deadline within the longest lead ($3 days),
// when no alert of that stage or a later one was raised for it before.
std::string deadline_stages_sql() {
    return R"sql(
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
}

// A new stage supersedes the open alert of the earlier one.
std::string deadline_supersede_sql() {
    return deadline_stages_sql() + R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($2), resolution = 'superseded'
FROM fresh WHERE a.rule = 'deadline' AND a.subject_kind = 'deadline' AND a.subject_id = fresh.id AND a.state <> 'resolved'
)sql";
}

std::string deadline_raise_sql() {
    return deadline_stages_sql() + kInsertAlert + R"sql(
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
}

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
std::string misplaced_raise_sql() {
    return std::string(kInsertAlert) + R"sql(
SELECT 'misplaced', 'volume', rv.volume_id, '', rv.dossier_id, NULL, rv.owning_unit_id,
       rv.case_number || ' volume ' || rv.volume_no || ' is on ' || l.code || ', not on its home ' || h.code,
       jsonb_build_object('case_number', rv.case_number, 'volume', rv.volume_no, 'location', l.code, 'home', h.code,
                          'since', ct_iso(rv.since)),
       ct_from_us($2)
FROM rule_volumes rv JOIN s ON s.unit_id = rv.owning_unit_id
JOIN locations l ON l.id = rv.location_id JOIN locations h ON h.id = rv.home_location_id
JOIN antennas an ON an.id = rv.antenna_id
WHERE s.misplaced_on AND )sql" +
           std::string(kMisplacedWhere) + R"sql(
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
)sql" + kVolumeFilter +
           " ON CONFLICT DO NOTHING RETURNING id";
}

std::string misplaced_clear_sql() {
    return R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
WHERE a.rule = 'misplaced' AND a.state <> 'resolved' )sql" +
           std::string(kAlertVolumeFilter) + R"sql(
  AND NOT EXISTS (SELECT 1 FROM rule_volumes rv JOIN antennas an ON an.id = rv.antenna_id
                  WHERE rv.volume_id = a.subject_id AND )sql" +
           kMisplacedWhere + ") RETURNING a.id";
}

// Out without a handover: passed a doorway outward (at once), or not seen anywhere for the set time
// while the reader that last saw it could have seen it; never while in someone's custody.
std::string out_raise_sql() {
    return std::string(kInsertAlert) + R"sql(
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
)sql" + kVolumeFilter +
           " ON CONFLICT DO NOTHING RETURNING id";
}

// Lost: not seen for hours while it should be in coverage; only where its last reader can vouch for it.
std::string lost_raise_sql() {
    return std::string(kInsertAlert) + R"sql(
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
)sql" + kVolumeFilter +
           " ON CONFLICT DO NOTHING RETURNING id";
}

// Both clear when the volume is seen again or is taken into custody.
std::string unseen_clear(const std::string& rule) {
    return R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
WHERE a.rule = ')sql" +
           rule + "' AND a.state <> 'resolved' " + kAlertVolumeFilter + R"sql(
  AND NOT EXISTS (SELECT 1 FROM rule_volumes rv WHERE rv.volume_id = a.subject_id AND rv.state IN ('absent', 'out'))
RETURNING a.id
)sql";
}

// Custody overdue: held past the due-back time; to the holder.
std::string custody_raise_sql() {
    return std::string(kInsertAlert) + R"sql(
SELECT 'custody_overdue', 'custody', c.id, '', d.id, NULL, d.owning_unit_id,
       d.case_number || ' was due back from ' || h.login || ' at ' || to_char(c.due_back AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC',
       jsonb_build_object('case_number', d.case_number, 'holder', h.login, 'due_back', ct_iso(c.due_back), 'purpose', c.purpose),
       ct_from_us($2)
FROM custody_periods c JOIN dossiers d ON d.id = c.dossier_id JOIN staff h ON h.id = c.holder_id
JOIN s ON s.unit_id = d.owning_unit_id
WHERE c.to_at IS NULL AND c.due_back <= ct_from_us($2) AND s.custody_on
ON CONFLICT DO NOTHING RETURNING id
)sql";
}

constexpr const char* kCustodyClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
FROM custody_periods c
WHERE a.rule = 'custody_overdue' AND a.state <> 'resolved' AND c.id = a.subject_id
  AND (c.to_at IS NOT NULL OR c.due_back > ct_from_us($1))
RETURNING a.id
)sql";

// Handover unconfirmed: the receiver has not confirmed for the set time, or it expired; to the giver.
std::string handover_raise_sql() {
    return std::string(kInsertAlert) + R"sql(
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
}

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
std::string reader_raise_sql() {
    return std::string(kInsertAlert) + R"sql(
SELECT 'reader_offline', 'reader', r.id, '', NULL, r.id, st.unit_id,
       'reader ' || r.code || ' is ' || h.state || ' since ' || to_char(h.since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
       || ' UTC' || coalesce(' (' || h.reason || ')', ''),
)sql" + std::string(kUnverifiable) +
           R"sql(, ct_from_us($2)
FROM readers r JOIN reader_health h ON h.reader_id = r.id JOIN sites st ON st.id = r.site_id
JOIN s ON s.unit_id IS NOT DISTINCT FROM st.unit_id
WHERE s.reader_on AND h.state IN ('offline', 'degraded') AND h.since <= ct_from_us($2) - s.reader_s * interval '1 second'
  AND NOT EXISTS (SELECT 1 FROM alerts p WHERE p.rule = 'reader_offline' AND p.subject_kind = 'reader'
                  AND p.subject_id = r.id AND p.resolution = 'by_hand' AND p.details->>'since' = ct_iso(h.since))
ON CONFLICT DO NOTHING RETURNING id
)sql";
}

// What an open reader alert says is kept current.
std::string reader_refresh_sql() {
    return std::string(R"sql(
UPDATE alerts a SET details = )sql") +
           kUnverifiable + R"sql(
FROM readers r JOIN reader_health h ON h.reader_id = r.id
WHERE a.rule = 'reader_offline' AND a.state <> 'resolved' AND r.id = a.reader_id
)sql";
}

constexpr const char* kReaderClear = R"sql(
UPDATE alerts a SET state = 'resolved', resolved_at = ct_from_us($1), resolution = 'cleared'
FROM reader_health h
WHERE a.rule = 'reader_offline' AND a.state <> 'resolved' AND h.reader_id = a.reader_id AND h.state = 'online'
RETURNING a.id
)sql";

}  // namespace

const std::vector<AlertRule>& alert_rules() {
    static const std::vector<AlertRule> rules = [] {
        const std::vector<P> now_and_volumes{P::now_us, P::volumes};
        const std::vector<P> deadline_params{P::settings,       P::now_us, P::max_lead_days, P::window_from_us,
                                             P::deadline_after, P::slice,  P::slices};
        // name; settings block: key, enabled column, settings (key, column, kind, range, default); about
        // volumes; statements (what they count, SQL, parameters, sliced).
        std::vector<AlertRule> all{
            {"deadline",
             {"deadline", "deadline_on", {{"lead_days", "lead_days", Kind::lead_days, 1, 366, {7, 3, 1}}}},
             false,
             {{Counts::cleared, kDeadlineClear, {P::now_us, P::met_after_us, P::slice, P::slices}, true},
              {Counts::nothing, deadline_supersede_sql(), deadline_params, true},
              {Counts::raised, deadline_raise_sql(), deadline_params, true}}},
            {"misplaced",
             {"misplaced", "misplaced_on", {{"grace_minutes", "misplaced_s", Kind::minutes, 1, kWeekMinutes, {15}}}},
             true,
             {{Counts::cleared, misplaced_clear_sql(), now_and_volumes},
              {Counts::raised,
               misplaced_raise_sql(),
               {P::settings, P::now_us, P::volumes, P::window_from_us, P::max_grace_s, P::slice, P::slices},
               true}}},
            {"out_without_handover",
             {"out_without_handover", "out_on", {{"unseen_minutes", "unseen_s", Kind::minutes, 1, kWeekMinutes, {60}}}},
             true,
             {{Counts::cleared, unseen_clear("out_without_handover"), now_and_volumes},
              {Counts::raised, out_raise_sql(), {P::settings, P::now_us, P::volumes}}}},
            {"lost",
             {"lost", "lost_on", {{"after_hours", "lost_s", Kind::hours, 1, 90 * 24, {24}}}},
             true,
             {{Counts::cleared, unseen_clear("lost"), now_and_volumes},
              {Counts::raised, lost_raise_sql(), {P::settings, P::now_us, P::volumes}}}},
            {"custody_overdue",
             {"custody_overdue", "custody_on", {}},
             false,
             {{Counts::cleared, kCustodyClear, {P::now_us}},
              {Counts::raised, custody_raise_sql(), {P::settings, P::now_us}}}},
            {"handover_unconfirmed",
             {"handover_unconfirmed",
              "handover_on",
              {{"after_minutes", "handover_s", Kind::minutes, 1, kWeekMinutes, {120}}}},
             false,
             {{Counts::cleared, kHandoverClear, {P::now_us}},
              {Counts::raised, handover_raise_sql(), {P::settings, P::now_us}}}},
            {"reader_offline",
             {"reader_offline", "reader_on", {{"after_minutes", "reader_s", Kind::minutes, 1, kWeekMinutes, {5}}}},
             false,
             {{Counts::cleared, kReaderClear, {P::now_us}},
              {Counts::nothing, reader_refresh_sql(), {}},
              {Counts::raised, reader_raise_sql(), {P::settings, P::now_us}}}},
        };
        // A statement that reads the settings ($1) starts with them, as the table `s`. (The same CTE as
        // settings_cte(), which cannot be asked here: it reads this list.)
        std::vector<const RuleSettingsBlock*> blocks;
        blocks.reserve(all.size() + 1);
        for (const auto& r : all) blocks.push_back(&r.block);
        blocks.push_back(&escalation_settings());
        const auto cte = cte_of(blocks);
        for (auto& r : all) {
            for (auto& st : r.statements) {
                if (!st.params.empty() && st.params.front() == P::settings) st.sql = cte + st.sql;
            }
        }
        return all;
    }();
    return rules;
}

std::vector<std::string> alert_rule_names() {
    std::vector<std::string> names;
    for (const auto& r : alert_rules()) names.push_back(r.name);
    return names;
}

}  // namespace casetrail::store
