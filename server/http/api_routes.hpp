// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Every route of the API over the services the daemon wired (server/app/api_stack.hpp), and the
// router's authentication and scope check. The HTTP side builds no store and no service.

#include <string>
#include <vector>

#include "server/domain/access_policy.hpp"
#include "server/domain/alert_service.hpp"
#include "server/domain/audit_service.hpp"
#include "server/domain/auth_service.hpp"
#include "server/domain/custody_service.hpp"
#include "server/domain/dossier_service.hpp"
#include "server/domain/health_service.hpp"
#include "server/domain/import_service.hpp"
#include "server/domain/location_service.hpp"
#include "server/domain/reader_service.hpp"
#include "server/domain/stocktake_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

// The services the routes call.
struct ApiServices {
    domain::AuthService& auth;
    domain::AccessPolicy& access;
    domain::HealthService& health;
    domain::LocationService& locations;
    domain::ReaderService& readers;
    domain::DossierService& dossiers;
    domain::CustodyService& custody;
    domain::StocktakeService& stocktakes;
    domain::ImportService& imports;
    domain::AlertService& alerts;
    domain::AuditService& audit;
};

// Every route, and the router's authentication and scope check.
void add_api_routes(Router& router, const ApiServices& services);

// The path parameters the scope check knows; a route naming any other fails the contract test, so that
// a new kind of thing cannot slip past the scope rules unnoticed.
const std::vector<std::string>& scoped_path_parameters();

}  // namespace casetrail::http
