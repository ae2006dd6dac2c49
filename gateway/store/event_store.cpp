// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/store/event_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"

namespace casetrail::gateway {

namespace {

constexpr const char* kPresentTags = R"sql(
SELECT tb.epc, vl.antenna_id, vl.location_id, vl.alt_antenna_id,
       CASE WHEN jsonb_typeof(le.evidence -> 'rssi_dbm') = 'number' THEN (le.evidence ->> 'rssi_dbm')::float8 END
FROM volume_locations vl
JOIN location_events le ON le.id = vl.event_id
JOIN tag_bindings tb ON tb.volume_id = vl.volume_id AND tb.valid_from <= now()
                    AND (tb.valid_to IS NULL OR tb.valid_to > now())
WHERE vl.state IN ('present', 'ambiguous') AND vl.antenna_id = ANY($1::bigint[])
)sql";

// Per connection, a staging table the batch is COPYed into; emptied at each commit.
constexpr const char* kCreateStaging = R"sql(
CREATE TEMP TABLE IF NOT EXISTS staging_events (
  ord bigint, event_id uuid, kind text, epc text, antenna_id bigint, location_id bigint,
  from_location_id bigint, alt_antenna_id bigint, alt_location_id bigint, observed_us bigint, evidence text
) ON COMMIT DELETE ROWS
)sql";

// One statement moves the batch from staging into the trail: resolve each EPC to the volume it was bound
// to when observed, append the events whose id is new, then move each touched volume's current location
// to its newest event, unless the row there already holds a newer observation (a late replay or a slower
// gateway must not move a volume back in time). Rows are locked in volume order, so two gateways writing
// at once cannot deadlock on each other.
constexpr const char* kWriteBatch = R"sql(
WITH bound AS (
  SELECT s.*, o.observed_at,
         (SELECT tb.volume_id FROM tag_bindings tb
           WHERE tb.epc = s.epc AND tb.valid_from <= o.observed_at
             AND (tb.valid_to IS NULL OR tb.valid_to > o.observed_at)) AS volume_id
  FROM staging_events s
  CROSS JOIN LATERAL (SELECT 'epoch'::timestamptz + s.observed_us * interval '1 microsecond' AS observed_at) o
), ins AS (
  INSERT INTO location_events (event_id, kind, epc, volume_id, antenna_id, location_id, from_location_id,
                               alt_antenna_id, alt_location_id, observed_at, evidence)
  SELECT event_id, kind, epc, volume_id, antenna_id, location_id, from_location_id, alt_antenna_id,
         alt_location_id, observed_at, evidence::jsonb
  FROM bound ORDER BY ord
  ON CONFLICT (event_id) DO NOTHING
  RETURNING id, kind, volume_id, antenna_id, location_id, alt_antenna_id, alt_location_id, observed_at
), newest AS (
  SELECT DISTINCT ON (volume_id) * FROM ins WHERE volume_id IS NOT NULL
  ORDER BY volume_id, observed_at DESC, id DESC
), cur AS (
  INSERT INTO volume_locations AS vl (volume_id, state, location_id, antenna_id, alt_location_id, alt_antenna_id,
                                      since, observed_at, event_id)
  SELECT volume_id,
         CASE kind WHEN 'departed' THEN 'absent' WHEN 'passed_in' THEN 'absent' WHEN 'passed_out' THEN 'out'
                   WHEN 'ambiguous' THEN 'ambiguous' ELSE 'present' END,
         location_id, antenna_id,
         CASE WHEN kind = 'ambiguous' THEN alt_location_id END, CASE WHEN kind = 'ambiguous' THEN alt_antenna_id END,
         observed_at, observed_at, id
  FROM newest ORDER BY volume_id
  ON CONFLICT (volume_id) DO UPDATE
    SET since = CASE WHEN vl.state = EXCLUDED.state AND vl.location_id = EXCLUDED.location_id
                     THEN vl.since ELSE EXCLUDED.since END,
        state = EXCLUDED.state, location_id = EXCLUDED.location_id, antenna_id = EXCLUDED.antenna_id,
        alt_location_id = EXCLUDED.alt_location_id, alt_antenna_id = EXCLUDED.alt_antenna_id,
        observed_at = EXCLUDED.observed_at, event_id = EXCLUDED.event_id
    WHERE vl.observed_at <= EXCLUDED.observed_at
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)
)sql";

}  // namespace

EventStore::EventStore(std::string conninfo) : conn_(std::make_unique<pg::DedicatedConnection>(std::move(conninfo))) {}
EventStore::~EventStore() = default;

std::vector<PresentTag> EventStore::present_tags(const std::vector<std::int64_t>& antenna_ids) {
    return conn_->run([&](pqxx::connection& conn) {
        pqxx::read_transaction tx(conn);
        std::vector<PresentTag> out;
        for (const auto& row : tx.exec_params(kPresentTags, pg::int_array(antenna_ids))) {
            out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::int64_t>(),
                           row[3].is_null() ? std::nullopt : std::optional<std::int64_t>(row[3].as<std::int64_t>()),
                           row[4].is_null() ? std::nullopt : std::optional<double>(row[4].as<double>())});
        }
        return out;
    });
}

std::size_t EventStore::write_batch(const std::vector<EventRow>& events) {
    if (events.empty()) return 0;
    static const std::vector<std::string> kColumns = {"ord",
                                                      "event_id",
                                                      "kind",
                                                      "epc",
                                                      "antenna_id",
                                                      "location_id",
                                                      "from_location_id",
                                                      "alt_antenna_id",
                                                      "alt_location_id",
                                                      "observed_us",
                                                      "evidence"};
    for (int attempt = 1;; ++attempt) {
        try {
            return conn_->run([&](pqxx::connection& conn) {
                pqxx::work tx(conn);
                tx.exec(kCreateStaging);
                {
                    pqxx::stream_to copy(tx, "staging_events", kColumns);
                    std::int64_t ord = 0;
                    for (const auto& e : events) {
                        copy << std::make_tuple(ord++, e.event_id, e.kind, e.epc, e.antenna_id, e.location_id,
                                                e.from_location_id, e.alt_antenna_id, e.alt_location_id, e.observed_us,
                                                e.evidence_json);
                    }
                    copy.complete();
                }
                const auto n = tx.exec1(kWriteBatch)[0].as<std::size_t>();
                tx.commit();
                return n;
            });
        } catch (const pqxx::transaction_rollback& e) {
            // A deadlock or serialization failure: nothing was written; the same batch goes again.
            if (attempt >= 5) throw;
        }
    }
}

}  // namespace casetrail::gateway
