// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/store/reader_registry.hpp"

#include <map>
#include <set>

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"

namespace casetrail::gateway {

namespace {

constexpr const char* kLocationsByCode = "SELECT code, id, site_id FROM locations WHERE code = ANY($1::text[])";

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

}  // namespace

ReaderRegistry::ReaderRegistry(std::string conninfo)
    : conn_(std::make_unique<pg::DedicatedConnection>(std::move(conninfo))) {}
ReaderRegistry::~ReaderRegistry() = default;

std::vector<RegisteredAntenna> ReaderRegistry::register_readers(const std::vector<ReaderRegistration>& readers) {
    return conn_->run([&](pqxx::connection& conn) {
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
                const auto antenna_id =
                    tx.exec_params1(kUpsertAntenna, reader_id, a.port, location_id, a.role, a.portal)[0]
                        .as<std::int64_t>();
                out.push_back({r.code, a.port, a.location_code, antenna_id, location_id});
            }
        }
        tx.commit();
        return out;
    });
}

void ReaderRegistry::report_health(const std::vector<ReaderHealthRow>& rows) {
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
    conn_->run([&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        tx.exec_params(kReportHealth, pg::text_array(codes), pg::text_array(states), pg::int_array(since),
                       pg::text_array(reasons), raw_array(last_good), pg::int_array(consecutive), pg::int_array(polls),
                       pg::int_array(failures), pg::int_array(timeouts), pg::int_array(crc), pg::int_array(decode),
                       pg::int_array(reconnects), pg::text_array(exceptions), raw_array(p50), raw_array(p99));
        tx.commit();
        return 0;
    });
}

}  // namespace casetrail::gateway
