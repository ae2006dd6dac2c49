// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/reader_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"

namespace casetrail::store {

namespace {
constexpr const char* kList = R"sql(
SELECT r.code, r.transport, r.address, r.unit_id, s.name,
       (SELECT count(*) FROM antennas a WHERE a.reader_id = r.id),
       h.state, (extract(epoch FROM h.since) * 1000000)::bigint, h.reason,
       (extract(epoch FROM h.last_good_poll) * 1000000)::bigint, h.consecutive_failures, h.polls, h.failures,
       h.timeouts, h.crc_errors, h.decode_errors, h.reconnects, h.exceptions::text, h.latency_p50_ms,
       h.latency_p99_ms, (extract(epoch FROM h.reported_at) * 1000000)::bigint
FROM readers r
JOIN sites s ON s.id = r.site_id
LEFT JOIN reader_health h ON h.reader_id = r.id
ORDER BY r.code
)sql";
}  // namespace

std::vector<ReaderRecord> ReaderStore::list() {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<ReaderRecord> out;
        for (const auto& row : tx.exec(kList)) {
            ReaderRecord r;
            r.code = row[0].as<std::string>();
            r.transport = row[1].as<std::string>();
            r.address = row[2].as<std::string>();
            r.unit_id = row[3].as<int>();
            r.site = row[4].as<std::string>();
            r.antennas = row[5].as<int>();
            r.reported = !row[6].is_null();
            if (r.reported) {
                r.state = row[6].as<std::string>();
                r.since = pg::time_from_us(row[7]);
                r.reason = pg::optional_string(row[8]);
                if (!row[9].is_null()) r.last_good_poll = pg::time_from_us(row[9]);
                r.consecutive_failures = row[10].as<std::int64_t>();
                r.polls = row[11].as<std::int64_t>();
                r.failures = row[12].as<std::int64_t>();
                r.timeouts = row[13].as<std::int64_t>();
                r.crc_errors = row[14].as<std::int64_t>();
                r.decode_errors = row[15].as<std::int64_t>();
                r.reconnects = row[16].as<std::int64_t>();
                r.exceptions_json = row[17].as<std::string>();
                if (!row[18].is_null()) r.latency_p50_ms = row[18].as<double>();
                if (!row[19].is_null()) r.latency_p99_ms = row[19].as<double>();
                r.reported_at = pg::time_from_us(row[20]);
            }
            out.push_back(std::move(r));
        }
        return out;
    });
}

}  // namespace casetrail::store
