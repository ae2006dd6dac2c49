#include "gateway/store/event_store.hpp"

#include <map>
#include <set>

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"

namespace casetrail::gateway {

namespace {

constexpr const char* kLocationsByCode =
    "SELECT code, id, site_id FROM locations WHERE code = ANY($1::text[])";

constexpr const char* kUpsertReader = R"sql(
INSERT INTO readers (code, site_id, transport, address, unit_id)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (code) DO UPDATE
  SET site_id = EXCLUDED.site_id, transport = EXCLUDED.transport, address = EXCLUDED.address,
      unit_id = EXCLUDED.unit_id, updated_at = now()
RETURNING id
)sql";

constexpr const char* kUpsertAntenna = R"sql(
INSERT INTO antennas (reader_id, port, location_id, role, portal) VALUES ($1, $2, $3, $4, NULLIF($5, ''))
ON CONFLICT (reader_id, port) DO UPDATE
  SET location_id = EXCLUDED.location_id, role = EXCLUDED.role, portal = EXCLUDED.portal
RETURNING id
)sql";

// The doorways this reader has give up their antennas first (one inside, one outside per doorway, checked
// row by row), so that sides can be swapped or moved; the upserts below set them again.
constexpr const char* kFreePortal = R"sql(
UPDATE antennas SET role = 'shelf', portal = NULL WHERE portal = ANY($1::text[])
)sql";

constexpr const char* kPresentTags = R"sql(
SELECT tb.epc, vl.antenna_id, vl.location_id, vl.alt_antenna_id,
       CASE WHEN jsonb_typeof(le.evidence -> 'rssi_dbm') = 'number' THEN (le.evidence ->> 'rssi_dbm')::float8 END
FROM volume_locations vl
JOIN location_events le ON le.id = vl.event_id
JOIN tag_bindings tb ON tb.volume_id = vl.volume_id AND tb.valid_from <= now()
                    AND (tb.valid_to IS NULL OR tb.valid_to > now())
WHERE vl.state IN ('present', 'ambiguous') AND vl.antenna_id = ANY($1::bigint[])
)sql";

constexpr const char* kReportHealth = R"sql(
INSERT INTO reader_health AS h (reader_id, state, since, reason, last_good_poll, consecutive_failures, polls,
                                failures, timeouts, crc_errors, decode_errors, reconnects, exceptions,
                                latency_p50_ms, latency_p99_ms, reported_at)
SELECT r.id, x.state, 'epoch'::timestamptz + x.since_us * interval '1 microsecond', NULLIF(x.reason, ''),
       'epoch'::timestamptz + x.last_good_us * interval '1 microsecond', x.consecutive, x.polls, x.failures,
       x.timeouts, x.crc, x.decode, x.reconnects, x.exceptions::jsonb, x.p50, x.p99, now()
FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
            $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::float8[], $15::float8[])
       AS x(code, state, since_us, reason, last_good_us, consecutive, polls, failures, timeouts, crc, decode,
            reconnects, exceptions, p50, p99)
JOIN readers r ON r.code = x.code
ON CONFLICT (reader_id) DO UPDATE SET
  state = EXCLUDED.state, since = EXCLUDED.since, reason = EXCLUDED.reason, last_good_poll = EXCLUDED.last_good_poll,
  consecutive_failures = EXCLUDED.consecutive_failures, polls = EXCLUDED.polls, failures = EXCLUDED.failures,
  timeouts = EXCLUDED.timeouts, crc_errors = EXCLUDED.crc_errors, decode_errors = EXCLUDED.decode_errors,
  reconnects = EXCLUDED.reconnects, exceptions = EXCLUDED.exceptions, latency_p50_ms = EXCLUDED.latency_p50_ms,
  latency_p99_ms = EXCLUDED.latency_p99_ms, reported_at = EXCLUDED.reported_at
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

EventStore::EventStore(std::string conninfo) : conninfo_(std::move(conninfo)) {}
EventStore::~EventStore() = default;

pg::Connection& EventStore::connection() {
    if (conn_ && !conn_->get().is_open()) conn_.reset();
    if (!conn_) conn_ = std::make_unique<pg::Connection>(conninfo_);
    return *conn_;
}

namespace {
// Runs fn on the store's connection; a broken link drops the connection and becomes StoreUnavailable.
template <typename Fn>
auto guarded(std::unique_ptr<pg::Connection>& conn, pg::Connection& c, Fn&& fn) {
    try {
        return fn(c.get());
    } catch (const pqxx::broken_connection& e) {
        conn.reset();
        throw pg::StoreUnavailable(std::string("database connection lost: ") + e.what());
    }
}
}  // namespace

std::vector<RegisteredAntenna> EventStore::register_readers(const std::vector<ReaderRegistration>& readers) {
    auto& c = connection();
    return guarded(conn_, c, [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        std::vector<std::string> codes;
        for (const auto& r : readers)
            for (const auto& a : r.antennas) codes.push_back(a.location_code);
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> locations;  // code -> (id, site)
        for (const auto& row : tx.exec_params(kLocationsByCode, pg::text_array(codes))) {
            locations[row[0].as<std::string>()] = {row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
        }
        std::vector<RegisteredAntenna> out;
        for (const auto& r : readers) {
            std::set<std::int64_t> sites;
            for (const auto& a : r.antennas) {
                auto it = locations.find(a.location_code);
                if (it == locations.end()) {
                    throw pg::StoreMismatch("reader " + r.code + " antenna " + std::to_string(a.port) +
                                        ": location code \"" + a.location_code + "\" is not in the database");
                }
                sites.insert(it->second.second);
            }
            if (sites.size() != 1) {
                throw pg::StoreMismatch("reader " + r.code + ": its antennas cover locations of several sites");
            }
            const auto reader_id =
                tx.exec_params1(kUpsertReader, r.code, *sites.begin(), r.transport, r.address, r.unit_id)[0]
                    .as<std::int64_t>();
            std::vector<std::string> portals;
            for (const auto& a : r.antennas) {
                if (!a.portal.empty()) portals.push_back(a.portal);
            }
            if (!portals.empty()) tx.exec_params(kFreePortal, pg::text_array(portals));
            for (const auto& a : r.antennas) {
                const auto location_id = locations.at(a.location_code).first;
                const auto antenna_id = tx.exec_params1(kUpsertAntenna, reader_id, a.port, location_id, a.role, a.portal)[0]
                                            .as<std::int64_t>();
                out.push_back({r.code, a.port, a.location_code, antenna_id, location_id});
            }
        }
        tx.commit();
        return out;
    });
}

std::vector<PresentTag> EventStore::present_tags(const std::vector<std::int64_t>& antenna_ids) {
    auto& c = connection();
    return guarded(conn_, c, [&](pqxx::connection& conn) {
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

void EventStore::report_health(const std::vector<ReaderHealthRow>& rows) {
    if (rows.empty()) return;
    std::vector<std::string> codes, states, reasons, exceptions, p50, p99;
    std::vector<std::int64_t> since, consecutive, polls, failures, timeouts, crc, decode, reconnects;
    std::vector<std::string> last_good;
    auto opt_text = [](const auto& v) { return v ? std::to_string(*v) : std::string("NULL"); };
    for (const auto& r : rows) {
        codes.push_back(r.reader_code);
        states.push_back(r.state);
        since.push_back(r.since_us);
        reasons.push_back(r.reason);
        last_good.push_back(opt_text(r.last_good_poll_us));
        consecutive.push_back(r.consecutive_failures);
        polls.push_back(r.polls);
        failures.push_back(r.failures);
        timeouts.push_back(r.timeouts);
        crc.push_back(r.crc_errors);
        decode.push_back(r.decode_errors);
        reconnects.push_back(r.reconnects);
        exceptions.push_back(r.exceptions_json);
        p50.push_back(opt_text(r.latency_p50_ms));
        p99.push_back(opt_text(r.latency_p99_ms));
    }
    // Nullable numbers travel as unquoted array elements, so that NULL stays NULL.
    auto raw_array = [](const std::vector<std::string>& v) {
        std::string out = "{";
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
        return out + "}";
    };
    auto& c = connection();
    guarded(conn_, c, [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params(kReportHealth, pg::text_array(codes), pg::text_array(states), pg::int_array(since),
                       pg::text_array(reasons), raw_array(last_good), pg::int_array(consecutive), pg::int_array(polls),
                       pg::int_array(failures), pg::int_array(timeouts), pg::int_array(crc), pg::int_array(decode),
                       pg::int_array(reconnects), pg::text_array(exceptions), raw_array(p50), raw_array(p99));
        tx.commit();
        return 0;
    });
}

std::size_t EventStore::write_batch(const std::vector<EventRow>& events) {
    if (events.empty()) return 0;
    static const std::vector<std::string> kColumns = {"ord",         "event_id",         "kind",
                                                      "epc",         "antenna_id",       "location_id",
                                                      "from_location_id", "alt_antenna_id", "alt_location_id",
                                                      "observed_us", "evidence"};
    for (int attempt = 1;; ++attempt) {
        auto& c = connection();
        try {
            return guarded(conn_, c, [&](pqxx::connection& conn) {
                pqxx::work tx(conn);
                tx.exec(kCreateStaging);
                {
                    pqxx::stream_to copy(tx, "staging_events", kColumns);
                    std::int64_t ord = 0;
                    for (const auto& e : events) {
                        copy << std::make_tuple(ord++, e.event_id, e.kind, e.epc, e.antenna_id, e.location_id,
                                                e.from_location_id, e.alt_antenna_id, e.alt_location_id,
                                                e.observed_us, e.evidence_json);
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
