#pragma once
// Every store, service and route of the API, wired once: the server's main and the contract test
// (docs/openapi.json) build the same stack, so a route added here and not documented fails the test.

#include "server/domain/alert_service.hpp"
#include "common/clock.hpp"
#include "common/pg/connection_pool.hpp"
#include "server/domain/access_policy.hpp"
#include "server/domain/audit_service.hpp"
#include "server/domain/auth_service.hpp"
#include "server/domain/custody_service.hpp"
#include "server/domain/dossier_service.hpp"
#include "server/domain/import_service.hpp"
#include "server/domain/location_service.hpp"
#include "server/domain/reader_service.hpp"
#include "server/domain/stocktake_service.hpp"
#include "server/http/router.hpp"
#include "server/store/alert_store.hpp"
#include "server/store/audit_store.hpp"
#include "server/store/auth_store.hpp"
#include "server/store/custody_store.hpp"
#include "server/store/dossier_store.hpp"
#include "server/store/import_store.hpp"
#include "server/store/location_store.hpp"
#include "server/store/reader_store.hpp"
#include "server/store/stocktake_store.hpp"

namespace casetrail::http {

// The stores over one pool and the services over them (members in dependency order).
struct ApiStack {
    ApiStack(pg::ConnectionPool& p, const common::Clock& clock, domain::AuthSettings auth_settings = {})
        : pool(p), location_store(p), reader_store(p), dossier_store(p), custody_store(p), stocktake_store(p),
          import_store(p), alert_store(p), audit_store(p), auth_store(p), locations(location_store), readers(reader_store),
          dossiers(dossier_store, locations, custody_store), custody(custody_store, locations, clock),
          stocktakes(stocktake_store), imports(import_store), alerts(alert_store, clock, bell), audit(audit_store),
          auth(auth_store, clock, auth_settings), access(locations, custody, alert_store, auth_store, imports) {}

    pg::ConnectionPool& pool;
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

// Every route, and the router's authentication and scope check.
void add_api_routes(Router& router, ApiStack& stack);

// The path parameters the scope check knows; a route naming any other fails the contract test, so that
// a new kind of thing cannot slip past the scope rules unnoticed.
const std::vector<std::string>& scoped_path_parameters();

}  // namespace casetrail::http
