// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The location endpoints:
//   GET /api/v1/dossiers/{id}/location   where the dossier (each volume) is now
//   GET /api/v1/dossiers/{id}/history    its location events, newest first (?limit=, ?before=)

#include "server/domain/location_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_location_routes(Router& router, domain::LocationService& service);

// JSON shapes, shared with tests.
nlohmann::json place_json(const store::PlaceRecord& p);
nlohmann::json where_json(const domain::WhereAnswer& a);
nlohmann::json history_json(const domain::HistoryPage& page);

}  // namespace casetrail::http
