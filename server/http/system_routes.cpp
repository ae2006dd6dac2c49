#include "http/system_routes.hpp"

#include "casetrail/support/version.hpp"

namespace casetrail::http {

void add_system_routes(Router& router, store::ConnectionPool& pool) {
    router.add("GET", "/api/v1/health", [&pool](const ApiRequest&, const RouteParams&) {
        const bool db = store::database_reachable(pool);
        return ApiResponse{db ? 200u : 503u,
                           {{"status", db ? "ok" : "degraded"},
                            {"database", db ? "ok" : "unavailable"},
                            {"version", support::kVersion}}};
    });
}

}  // namespace casetrail::http
