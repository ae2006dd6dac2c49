// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The dossier register's endpoints (see docs/openapi.json for the full contract):
//   GET/POST /api/v1/units, GET/POST /api/v1/staff, PUT /api/v1/staff/{login}/roles
//   POST /api/v1/dossiers, GET /api/v1/dossiers/{id}
//   GET/POST /api/v1/dossiers/{id}/transitions, POST /api/v1/dossiers/{id}/deadlines,
//   POST /api/v1/dossiers/{id}/deadlines/{deadline}/met, POST /api/v1/dossiers/{id}/volumes,
//   POST /api/v1/dossiers/{id}/volumes/{volume}/tag, POST /api/v1/dossiers/{id}/volumes/{volume}/untag,
//   GET /api/v1/dossiers/{id}/tags

#include "server/domain/dossier_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_dossier_routes(Router& router, domain::DossierService& service);

nlohmann::json dossier_view_json(const domain::DossierView& view);
nlohmann::json custody_state_json(const store::CustodyState& state);
nlohmann::json handover_json(const store::HandoverRecord& h);

// A path parameter that must be an integer in min..max (400 otherwise).
std::int64_t path_integer(const RouteParams& params, const std::string& name, std::int64_t min, std::int64_t max);

}  // namespace casetrail::http
