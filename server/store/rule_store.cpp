// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/rule_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"
#include "server/store/alert_rows.hpp"
#include "server/store/alert_rules.hpp"

namespace casetrail::store {

namespace {

// Open (not acknowledged) past the unit's escalation time: to the supervisors.
constexpr const char* kEscalate = R"sql(
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
        )sql"),
                                        cursor, limit, pg::int_array(also));
        for (const auto& row : r) {
            out.emplace_back(row[0].as<std::int64_t>(),
                             row[1].is_null() ? std::nullopt : std::optional<std::int64_t>(row[1].as<std::int64_t>()));
        }
        return out;
    });
}

namespace {

// The values of a rule statement's parameters, in its order. `slice_pass`: the window off, one slice on.
struct Inputs {
    const std::string& settings;
    std::int64_t now_us;
    const std::optional<std::string>& volumes;
    int max_lead_days, max_grace_s;
    const std::optional<SweepWindow>& window;
};

std::optional<std::string> value_of(RuleParam p, const Inputs& in, bool slice_pass) {
    using O = std::optional<std::string>;
    const auto& w = in.window;
    switch (p) {
        case RuleParam::settings: return in.settings;
        case RuleParam::now_us: return std::to_string(in.now_us);
        case RuleParam::volumes: return in.volumes;
        case RuleParam::window_from_us: return w && !slice_pass ? O(std::to_string(common::to_epoch_us(w->from))) : O();
        case RuleParam::met_after_us: return w && !slice_pass ? O(std::to_string(w->database_time_us)) : O();
        case RuleParam::max_lead_days: return std::to_string(in.max_lead_days);
        case RuleParam::max_grace_s: return std::to_string(in.max_grace_s);
        case RuleParam::deadline_after: return std::to_string(w ? w->deadline_id_after : 0);
        case RuleParam::slice: return slice_pass ? O(std::to_string(w->slice % w->slices)) : O();
        case RuleParam::slices: return std::to_string(w && w->slices > 1 ? w->slices : 1);
    }
    return O();
}

pqxx::result run(pqxx::work& tx, const RuleStatement& st, const Inputs& in, bool slice_pass) {
    std::vector<std::optional<std::string>> values;
    values.reserve(st.params.size());
    for (const auto p : st.params) values.push_back(value_of(p, in, slice_pass));
    return tx.exec_params(st.sql, pqxx::prepare::make_dynamic_params(values));
}

}  // namespace

void RuleStore::register_rules() {
    std::vector<std::string> names;
    for (const auto& r : alert_rules()) names.push_back(r.name);
    auto lease = pool_.acquire();
    pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_params(R"sql(
            INSERT INTO alert_rules (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING
        )sql",
                       pg::text_array(names));
        tx.commit();
        return 0;
    });
}

EvaluationReport RuleStore::evaluate(const std::string& settings, TimePoint now, int max_lead_days, int max_grace_s,
                                     const std::optional<std::vector<std::int64_t>>& volumes,
                                     const std::optional<SweepWindow>& window) {
    const auto now_us = common::to_epoch_us(now);
    std::optional<std::string> filter;
    if (volumes) filter = pg::int_array(*volumes);
    const Inputs in{settings, now_us, filter, max_lead_days, max_grace_s, window};
    // Windowed sweeps also take one slice of everything: over `slices` sweeps every row is looked at.
    const bool slicing = window && window->slices > 1;
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
        const auto count = [&](const AlertRule& rule, const RuleStatement& st, const pqxx::result& r) {
            if (st.counts == RuleStatement::Counts::nothing || r.empty()) return;
            auto& ids = st.counts == RuleStatement::Counts::raised ? raised : cleared;
            auto& by_rule = st.counts == RuleStatement::Counts::raised ? report.raised : report.cleared;
            by_rule[rule.name] += static_cast<int>(r.size());
            for (const auto& row : r) ids.push_back(row[0].as<std::int64_t>());
        };
        // Each rule clears before it raises, so that a condition that ended and began again raises a fresh
        // alert. The steps (volumes given) run only the rules about where volumes are.
        for (const auto& rule : alert_rules()) {
            if (volumes && !rule.about_volumes) continue;
            for (const auto& st : rule.statements) count(rule, st, run(tx, st, in, false));
            if (!slicing) continue;
            for (const auto& st : rule.statements) {
                if (st.sliced) count(rule, st, run(tx, st, in, true));
            }
        }
        if (!raised.empty())
            report.notices += static_cast<int>(tx.exec_params(kRaisedNotices, pg::int_array(raised)).size());
        if (!cleared.empty()) {
            report.notices += static_cast<int>(tx.exec_params(kResolvedNotices, pg::int_array(cleared), now_us).size());
        }
        if (!volumes) {
            const auto esc = tx.exec_params(settings_cte() + kEscalate, settings, now_us);
            report.escalated = static_cast<int>(esc.size());
            report.notices += report.escalated;
        }
        tx.commit();
        return report;
    });
}

}  // namespace casetrail::store
