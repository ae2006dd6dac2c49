// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Every store and service of the API over one pool, wired once: the server's daemon and the route tests
// (the contract, the allow/deny matrix) build the same stack, so a route added and not documented fails
// the contract test.

#include "common/clock.hpp"
#include "common/pg/connection_pool.hpp"
#include "server/domain/notice_bell.hpp"
#include "server/http/api_routes.hpp"
#include "server/store/alert_store.hpp"
#include "server/store/audit_store.hpp"
#include "server/store/auth_store.hpp"
#include "server/store/custody_store.hpp"
#include "server/store/dossier_store.hpp"
#include "server/store/import_store.hpp"
#include "server/store/location_store.hpp"
#include "server/store/reader_store.hpp"
#include "server/store/stocktake_store.hpp"

namespace casetrail::app {

// The stores over one pool and the services over them (members in dependency order).
struct ApiStack {
    ApiStack(pg::ConnectionPool& p, const common::Clock& clock, domain::AuthSettings auth_settings = {})
        : location_store(p), reader_store(p), dossier_store(p), custody_store(p), stocktake_store(p), import_store(p),
          alert_store(p), audit_store(p), auth_store(p), health(p), locations(location_store), readers(reader_store),
          dossiers(dossier_store, locations, custody_store), custody(custody_store, locations, clock),
          stocktakes(stocktake_store), imports(import_store), alerts(alert_store, clock, bell), audit(audit_store),
          auth(auth_store, clock, auth_settings), access(locations, custody, alert_store, auth_store, imports) {}

    // What the routes call.
    http::ApiServices services() {
        return {.auth = auth,
                .access = access,
                .health = health,
                .locations = locations,
                .readers = readers,
                .dossiers = dossiers,
                .custody = custody,
                .stocktakes = stocktakes,
                .imports = imports,
                .alerts = alerts,
                .audit = audit};
    }

    store::LocationStore location_store;
    store::ReaderStore reader_store;
    store::DossierStore dossier_store;
    store::CustodyStore custody_store;
    store::StocktakeStore stocktake_store;
    store::ImportStore import_store;
    store::AlertStore alert_store;
    store::AuditStore audit_store;
    store::AuthStore auth_store;
    domain::NoticeBell bell;
    domain::HealthService health;
    domain::LocationService locations;
    domain::ReaderService readers;
    domain::DossierService dossiers;
    domain::CustodyService custody;
    domain::StocktakeService stocktakes;
    domain::ImportService imports;
    domain::AlertService alerts;
    domain::AuditService audit;
    domain::AuthService auth;
    domain::AccessPolicy access;
};

}  // namespace casetrail::app
