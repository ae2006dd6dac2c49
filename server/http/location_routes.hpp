// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The location endpoints:
//   GET /api/v1/dossiers/{id}/location   where the dossier (each volume) is now
//   GET /api/v1/dossiers/{id}/history    its location events, newest first (?limit=, ?before=)
//   GET /api/v1/places/{code}            a place, its cabinet and the cabinet's shelves
// and the WebSocket GET /api/v1/dossiers/{id}/changes (dossier_changes_socket.hpp).

#include "server/domain/location_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_location_routes(Router& router, domain::LocationService& service);

// JSON shapes, shared with tests.
nlohmann::json place_json(const store::PlaceRecord& p);
nlohmann::json where_json(const domain::WhereAnswer& a);
nlohmann::json history_json(const domain::HistoryPage& page);

// The dossier a change stream's target (/api/v1/dossiers/{id}/changes) names, percent-decoded; nullopt
// for another target; InvalidArgument for a malformed escape.
std::optional<std::string> dossier_changes_ident(std::string_view target);

}  // namespace casetrail::http
