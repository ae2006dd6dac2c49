#include "store/event_store.hpp"

#include <map>
#include <set>

#include "store/pg_connection.hpp"
#include "store/pg_values.hpp"

namespace casetrail::store {

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
INSERT INTO antennas (reader_id, port, location_id) VALUES ($1, $2, $3)
ON CONFLICT (reader_id, port) DO UPDATE SET location_id = EXCLUDED.location_id
RETURNING id
)sql";

constexpr const char* kPresentTags = R"sql(
SELECT tb.epc, vl.antenna_id, vl.location_id
FROM volume_locations vl
JOIN tag_bindings tb ON tb.volume_id = vl.volume_id AND tb.valid_from <= now()
                    AND (tb.valid_to IS NULL OR tb.valid_to > now())
WHERE vl.state = 'present' AND vl.antenna_id = ANY($1::bigint[])
)sql";

// The whole batch in one statement: resolve each EPC to the volume it was bound to when observed,
// append the events, then move each touched volume's current location to its newest event, unless the
// row there already holds a newer observation (a late replay must not move a volume back in time).
constexpr const char* kWriteBatch = R"sql(
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[])
    WITH ORDINALITY AS t(kind, epc, antenna_id, location_id, from_location_id, observed_us, evidence, ord)
), bound AS (
  SELECT i.*, o.observed_at,
         (SELECT tb.volume_id FROM tag_bindings tb
           WHERE tb.epc = i.epc AND tb.valid_from <= o.observed_at
             AND (tb.valid_to IS NULL OR tb.valid_to > o.observed_at)) AS volume_id
  FROM input i
  CROSS JOIN LATERAL (SELECT 'epoch'::timestamptz + i.observed_us * interval '1 microsecond' AS observed_at) o
), ins AS (
  INSERT INTO location_events (kind, epc, volume_id, antenna_id, location_id, from_location_id, observed_at, evidence)
  SELECT kind, epc, volume_id, antenna_id, location_id, from_location_id, observed_at, evidence::jsonb
  FROM bound ORDER BY ord
  RETURNING id, kind, volume_id, antenna_id, location_id, observed_at
), newest AS (
  SELECT DISTINCT ON (volume_id) * FROM ins WHERE volume_id IS NOT NULL
  ORDER BY volume_id, observed_at DESC, id DESC
), cur AS (
  INSERT INTO volume_locations AS vl (volume_id, state, location_id, antenna_id, since, observed_at, event_id)
  SELECT volume_id, CASE WHEN kind = 'departed' THEN 'absent' ELSE 'present' END,
         location_id, antenna_id, observed_at, observed_at, id
  FROM newest
  ON CONFLICT (volume_id) DO UPDATE
    SET since = CASE WHEN vl.state = EXCLUDED.state AND vl.location_id = EXCLUDED.location_id
                     THEN vl.since ELSE EXCLUDED.since END,
        state = EXCLUDED.state, location_id = EXCLUDED.location_id, antenna_id = EXCLUDED.antenna_id,
        observed_at = EXCLUDED.observed_at, event_id = EXCLUDED.event_id
    WHERE vl.observed_at <= EXCLUDED.observed_at
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)
)sql";

}  // namespace

EventStore::EventStore(std::string conninfo) : conninfo_(std::move(conninfo)) {}
EventStore::~EventStore() = default;

PgConnection& EventStore::connection() {
    if (conn_ && !conn_->get().is_open()) conn_.reset();
    if (!conn_) conn_ = std::make_unique<PgConnection>(conninfo_);
    return *conn_;
}

namespace {
// Runs fn on the store's connection; a broken link drops the connection and becomes StoreUnavailable.
template <typename Fn>
auto guarded(std::unique_ptr<PgConnection>& conn, PgConnection& c, Fn&& fn) {
    try {
        return fn(c.get());
    } catch (const pqxx::broken_connection& e) {
        conn.reset();
        throw StoreUnavailable(std::string("database connection lost: ") + e.what());
    }
}
}  // namespace

std::vector<RegisteredAntenna> EventStore::register_readers(const std::vector<ReaderRegistration>& readers) {
    auto& c = connection();
    return guarded(conn_, c, [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        std::vector<std::string> codes;
        for (const auto& r : readers)
            for (const auto& a : r.antennas) codes.push_back(a.second);
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> locations;  // code -> (id, site)
        for (const auto& row : tx.exec_params(kLocationsByCode, pg_text_array(codes))) {
            locations[row[0].as<std::string>()] = {row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
        }
        std::vector<RegisteredAntenna> out;
        for (const auto& r : readers) {
            std::set<std::int64_t> sites;
            for (const auto& [port, code] : r.antennas) {
                auto it = locations.find(code);
                if (it == locations.end()) {
                    throw StoreMismatch("reader " + r.code + " antenna " + std::to_string(port) +
                                        ": location code \"" + code + "\" is not in the database");
                }
                sites.insert(it->second.second);
            }
            if (sites.size() != 1) {
                throw StoreMismatch("reader " + r.code + ": its antennas cover locations of several sites");
            }
            const auto reader_id =
                tx.exec_params1(kUpsertReader, r.code, *sites.begin(), r.transport, r.address, r.unit_id)[0]
                    .as<std::int64_t>();
            for (const auto& [port, code] : r.antennas) {
                const auto location_id = locations.at(code).first;
                const auto antenna_id =
                    tx.exec_params1(kUpsertAntenna, reader_id, port, location_id)[0].as<std::int64_t>();
                out.push_back({r.code, port, antenna_id, location_id});
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
        for (const auto& row : tx.exec_params(kPresentTags, pg_int_array(antenna_ids))) {
            out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::int64_t>()});
        }
        return out;
    });
}

std::size_t EventStore::write_batch(const std::vector<EventRow>& events) {
    if (events.empty()) return 0;
    std::vector<std::string> kinds, epcs, evidence;
    std::vector<std::int64_t> antennas, locations, observed;
    std::vector<std::optional<std::int64_t>> from;
    for (const auto& e : events) {
        kinds.push_back(e.kind);
        epcs.push_back(e.epc);
        antennas.push_back(e.antenna_id);
        locations.push_back(e.location_id);
        from.push_back(e.from_location_id);
        observed.push_back(e.observed_us);
        evidence.push_back(e.evidence_json);
    }
    auto& c = connection();
    return guarded(conn_, c, [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        const auto n = tx.exec_params1(kWriteBatch, pg_text_array(kinds), pg_text_array(epcs),
                                       pg_int_array(antennas), pg_int_array(locations), pg_int_array(from),
                                       pg_int_array(observed), pg_text_array(evidence))[0]
                           .as<std::size_t>();
        tx.commit();
        return n;
    });
}

}  // namespace casetrail::store
