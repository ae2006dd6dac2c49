#pragma once
// Every route of the API, wired once: the server's main and the contract test (docs/openapi.json) use
// the same list, so a route added here and not documented fails the test.

#include "domain/custody_service.hpp"
#include "domain/import_service.hpp"
#include "domain/location_service.hpp"
#include "domain/reader_service.hpp"
#include "domain/register_service.hpp"
#include "domain/stocktake_service.hpp"
#include "http/router.hpp"
#include "store/connection_pool.hpp"

namespace casetrail::http {

struct ApiServices {
    store::ConnectionPool& pool;
    domain::LocationService& locations;
    domain::ReaderService& readers;
    domain::RegisterService& register_service;
    domain::CustodyService& custody;
    domain::StocktakeService& stocktakes;
    domain::ImportService& imports;
};

void add_api_routes(Router& router, const ApiServices& services);

}  // namespace casetrail::http
