// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/location_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/values.hpp"
#include "server/store/record_rows.hpp"

namespace casetrail::store {

namespace {

const std::string kDossierByCaseNumber =
    std::string("SELECT") + kDossierColumns + kDossierFrom + " WHERE d.case_number = $1";

const std::string kDossierByEpc = std::string("SELECT") + kDossierColumns + kDossierFrom + R"sql(
  WHERE d.id = (SELECT v.dossier_id FROM tag_bindings tb JOIN volumes v ON v.id = tb.volume_id
                WHERE tb.epc = $1 AND tb.valid_from <= now() AND (tb.valid_to IS NULL OR tb.valid_to > now()))
)sql";

constexpr const char* kVolumeLocations = R"sql(
SELECT v.id, v.volume_no,
       (SELECT tb.epc FROM tag_bindings tb WHERE tb.volume_id = v.id AND tb.valid_from <= now()
          AND (tb.valid_to IS NULL OR tb.valid_to > now())) AS epc,
       vl.state, (extract(epoch FROM vl.since) * 1000000)::bigint, (extract(epoch FROM vl.observed_at) * 1000000)::bigint,
       r.code, a.port,
       p.location_id, p.code, p.kind, p.site_name, p.room_name, p.cabinet_name, p.shelf_name,
       q.location_id, q.code, q.kind, q.site_name, q.room_name, q.cabinet_name, q.shelf_name
FROM volumes v
LEFT JOIN volume_locations vl ON vl.volume_id = v.id
LEFT JOIN antennas a ON a.id = vl.antenna_id
LEFT JOIN readers r ON r.id = a.reader_id
LEFT JOIN location_paths p ON p.location_id = vl.location_id
LEFT JOIN location_paths q ON q.location_id = vl.alt_location_id
WHERE v.dossier_id = $1
ORDER BY v.volume_no
)sql";

// 0: the place, 1: its cabinet (itself, or a shelf's parent), 2: that cabinet's shelves in the order of
// their codes (shorter first, so that S2 comes before S10).
constexpr const char* kPlaceView = R"sql(
WITH target AS (SELECT id, kind, parent_id FROM locations WHERE code = $1),
     cab AS (SELECT CASE kind WHEN 'cabinet' THEN id WHEN 'shelf' THEN parent_id END AS id FROM target),
     parts (part, location_id) AS (
         SELECT 0, id FROM target
         UNION ALL SELECT 1, id FROM cab WHERE id IS NOT NULL
         UNION ALL SELECT 2, s.id FROM locations s JOIN cab ON s.parent_id = cab.id)
SELECT x.part, p.location_id, p.code, p.kind, p.site_name, p.room_name, p.cabinet_name, p.shelf_name
  FROM parts x JOIN location_paths p ON p.location_id = x.location_id
 ORDER BY x.part, length(p.code), p.code
)sql";

constexpr const char* kHistory = R"sql(
SELECT e.id, e.kind, e.epc, v.volume_no,
       (extract(epoch FROM e.observed_at) * 1000000)::bigint, (extract(epoch FROM e.recorded_at) * 1000000)::bigint,
       r.code, a.port, e.evidence::text,
       p.location_id, p.code, p.kind, p.site_name, p.room_name, p.cabinet_name, p.shelf_name,
       f.location_id, f.code, f.kind, f.site_name, f.room_name, f.cabinet_name, f.shelf_name,
       x.location_id, x.code, x.kind, x.site_name, x.room_name, x.cabinet_name, x.shelf_name
FROM location_events e
JOIN volumes v ON v.id = e.volume_id
JOIN antennas a ON a.id = e.antenna_id
JOIN readers r ON r.id = a.reader_id
JOIN location_paths p ON p.location_id = e.location_id
LEFT JOIN location_paths f ON f.location_id = e.from_location_id
LEFT JOIN location_paths x ON x.location_id = e.alt_location_id
WHERE v.dossier_id = $1
  AND ($3::bigint IS NULL
       OR (e.observed_at, e.id) < (SELECT c.observed_at, c.id FROM location_events c WHERE c.id = $3::bigint))
ORDER BY e.observed_at DESC, e.id DESC
LIMIT $2
)sql";

}  // namespace

std::optional<DossierRecord> LocationStore::dossier_by_case_number(const std::string& case_number) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<DossierRecord> {
        const auto stmt = lease->prepared("dossier_by_case_number", kDossierByCaseNumber);
        pqxx::read_transaction tx(c);
        auto r = tx.exec_prepared(stmt, case_number);
        if (r.empty()) return std::nullopt;
        return dossier_from(r[0]);
    });
}

std::optional<DossierRecord> LocationStore::dossier_by_epc(const std::string& epc) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<DossierRecord> {
        const auto stmt = lease->prepared("dossier_by_epc", kDossierByEpc);
        pqxx::read_transaction tx(c);
        auto r = tx.exec_prepared(stmt, epc);
        if (r.empty()) return std::nullopt;
        return dossier_from(r[0]);
    });
}

std::vector<VolumeLocationRecord> LocationStore::volume_locations(std::int64_t dossier_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        const auto stmt = lease->prepared("volume_locations", kVolumeLocations);
        pqxx::read_transaction tx(c);
        std::vector<VolumeLocationRecord> out;
        for (const auto& row : tx.exec_prepared(stmt, dossier_id)) {
            VolumeLocationRecord v;
            v.volume_id = row[0].as<std::int64_t>();
            v.volume_no = row[1].as<int>();
            v.epc = pg::optional_string(row[2]);
            v.located = !row[3].is_null();
            if (v.located) {
                v.state = row[3].as<std::string>();
                v.since = pg::time_from_us(row[4]);
                v.last_observed = pg::time_from_us(row[5]);
                v.reader_code = row[6].as<std::string>();
                v.antenna_port = row[7].as<int>();
                v.place = place_at(row, 8);
                if (!row[15].is_null()) v.alt_place = place_at(row, 15);
            }
            out.push_back(std::move(v));
        }
        return out;
    });
}

std::optional<PlaceView> LocationStore::place_view(const std::string& code) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) -> std::optional<PlaceView> {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params(kPlaceView, code);
        if (rows.empty()) return std::nullopt;
        PlaceView v;
        for (const auto& row : rows) {
            const auto part = row[0].as<int>();
            if (part == 0) {
                v.place = place_at(row, 1);
            } else if (part == 1) {
                v.cabinet = place_at(row, 1);
            } else {
                v.shelves.push_back(place_at(row, 1));
            }
        }
        return v;
    });
}

std::vector<LocationEventRecord> LocationStore::history(std::int64_t dossier_id, int limit,
                                                        std::optional<std::int64_t> before_id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<LocationEventRecord> out;
        const auto rows = before_id ? tx.exec_params(kHistory, dossier_id, limit, *before_id)
                                    : tx.exec_params(kHistory, dossier_id, limit, nullptr);
        for (const auto& row : rows) {
            LocationEventRecord e;
            e.id = row[0].as<std::int64_t>();
            e.kind = row[1].as<std::string>();
            e.epc = row[2].as<std::string>();
            e.volume_no = row[3].as<int>();
            e.observed_at = pg::time_from_us(row[4]);
            e.recorded_at = pg::time_from_us(row[5]);
            e.reader_code = row[6].as<std::string>();
            e.antenna_port = row[7].as<int>();
            e.evidence_json = row[8].as<std::string>();
            e.place = place_at(row, 9);
            if (!row[16].is_null()) e.from = place_at(row, 16);
            if (!row[23].is_null()) e.other = place_at(row, 23);
            out.push_back(std::move(e));
        }
        return out;
    });
}

}  // namespace casetrail::store
