#include "http/api_routes.hpp"

#include "http/alert_routes.hpp"
#include "http/audit_routes.hpp"
#include "http/custody_routes.hpp"
#include "http/import_routes.hpp"
#include "http/location_routes.hpp"
#include "http/reader_routes.hpp"
#include "http/register_routes.hpp"
#include "http/stocktake_routes.hpp"
#include "http/system_routes.hpp"

namespace casetrail::http {

void add_api_routes(Router& router, ApiStack& s) {
    add_system_routes(router, s.pool);
    add_location_routes(router, s.locations);
    add_reader_routes(router, s.readers);
    add_register_routes(router, s.register_service);
    add_custody_routes(router, s.custody);
    add_stocktake_routes(router, s.stocktakes);
    add_import_routes(router, s.imports);
    add_alert_routes(router, s.alerts);
    add_audit_routes(router, s.audit);
}

}  // namespace casetrail::http
