// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Internal to the store: rows of the common queries as plain records. Include only from store .cpp files.

#include <pqxx/pqxx>

#include "common/pg/store_errors.hpp"
#include "common/pg/values.hpp"
#include "server/store/location_records.hpp"

namespace casetrail::store {

// The 13 columns dossier_from() reads, and the FROM clause they need (d: the dossier).
constexpr const char* kDossierColumns = R"sql(
    d.id, d.case_number, d.title, d.status, u.name AS unit_name, s.name AS handler_name,
    hp.location_id, hp.code, hp.kind, hp.site_name, hp.room_name, hp.cabinet_name, hp.shelf_name)sql";
constexpr const char* kDossierFrom = R"sql(
  FROM dossiers d
  JOIN units u ON u.id = d.owning_unit_id
  LEFT JOIN staff s ON s.id = d.case_handler_id
  LEFT JOIN location_paths hp ON hp.location_id = d.home_location_id
)sql";

// The id of the active staff member with this login; StoreUnknown naming the login otherwise. Every change
// in the register names its actor this way.
inline std::int64_t active_staff_id(pqxx::transaction_base& tx, const std::string& login) {
    const auto r = tx.exec_params("SELECT id FROM staff WHERE login = $1 AND active", login);
    if (r.empty()) throw pg::StoreUnknown("no active staff member has the login \"" + login + "\"");
    return r[0][0].as<std::int64_t>();
}

// The same for the person making the change, who is also named to the audit trail for the rest of the
// transaction: rows without a "by" column of their own (a dossier's new status) are then written as
// theirs rather than as the database role's. Only ct_set_actor can name them (it seals the name for
// this connection and transaction; a bare casetrail.actor setting is refused by the trail).
inline std::int64_t acting_staff_id(pqxx::transaction_base& tx, const std::string& login) {
    const auto id = active_staff_id(tx, login);
    tx.exec_params("SELECT ct_set_actor($1)", login);
    return id;
}

// Seven columns from `first`: location_id, code, kind, site, room, cabinet, shelf.
inline PlaceRecord place_at(const pqxx::row& row, int first) {
    PlaceRecord p;
    p.location_id = row[first].as<std::int64_t>();
    p.code = row[first + 1].as<std::string>();
    p.kind = row[first + 2].as<std::string>();
    p.site_name = row[first + 3].as<std::string>();
    p.room_name = pg::optional_string(row[first + 4]);
    p.cabinet_name = pg::optional_string(row[first + 5]);
    p.shelf_name = pg::optional_string(row[first + 6]);
    return p;
}

inline DossierRecord dossier_from(const pqxx::row& row) {
    DossierRecord d;
    d.id = row[0].as<std::int64_t>();
    d.case_number = row[1].as<std::string>();
    d.title = row[2].as<std::string>();
    d.status = row[3].as<std::string>();
    d.owning_unit = row[4].as<std::string>();
    d.case_handler = pg::optional_string(row[5]);
    if (!row[6].is_null()) d.home = place_at(row, 6);
    return d;
}

}  // namespace casetrail::store
