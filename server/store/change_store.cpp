// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/change_store.hpp"

#include "common/pg/connection.hpp"

namespace casetrail::store {

namespace {

// The row's table (its action is "<table>.<op>") tells what changed; its dossier is in the row itself
// (dossier_id), is the row (dossiers), or is its volume's.
constexpr const char* kChanges = R"sql(
WITH rows AS (
    SELECT seq, split_part(action, '.', 1) AS tbl, coalesce(after, before) AS r, subject
      FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2)
SELECT seq, tbl,
       CASE tbl WHEN 'dossiers' THEN split_part(subject, ':', 2)::bigint
                WHEN 'location_events' THEN (SELECT v.dossier_id FROM volumes v WHERE v.id = (r->>'volume_id')::bigint)
                WHEN 'tag_bindings' THEN (SELECT v.dossier_id FROM volumes v WHERE v.id = (r->>'volume_id')::bigint)
                WHEN 'dossier_transitions' THEN (r->>'dossier_id')::bigint
                WHEN 'deadlines' THEN (r->>'dossier_id')::bigint
                WHEN 'volumes' THEN (r->>'dossier_id')::bigint
                WHEN 'custody_periods' THEN (r->>'dossier_id')::bigint
                WHEN 'handovers' THEN (r->>'dossier_id')::bigint
                WHEN 'alerts' THEN (r->>'dossier_id')::bigint
       END
  FROM rows ORDER BY seq
)sql";

std::string what_of(const std::string& table) {
    if (table == "location_events") return "location";
    if (table == "custody_periods" || table == "handovers") return "custody";
    if (table == "alerts") return "alerts";
    return "dossier";
}

}  // namespace

std::int64_t ChangeStore::latest_seq() {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        return tx.exec1("SELECT coalesce(max(seq), 0) FROM audit_log")[0].as<std::int64_t>();
    });
}

ChangeStore::Page ChangeStore::changes_after(std::int64_t seq, int limit) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        Page page;
        page.last_seq = seq;
        for (const auto& row : tx.exec_params(kChanges, seq, limit)) {
            ++page.rows_read;
            page.last_seq = row[0].as<std::int64_t>();
            if (row[2].is_null()) continue;
            page.changes.push_back({page.last_seq, row[2].as<std::int64_t>(), what_of(row[1].as<std::string>())});
        }
        return page;
    });
}

}  // namespace casetrail::store
