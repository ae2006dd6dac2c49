#include "http/system_routes.hpp"

#include "casetrail/support/version.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

void add_system_routes(Router& router, store::ConnectionPool& pool) {
    router.add("GET", "/api/v1/health", public_route(), [&pool](const ApiRequest&, const RouteParams&) {
        const bool db = store::database_reachable(pool);
        return ApiResponse{db ? 200u : 503u,
                           {{"status", db ? "ok" : "degraded"},
                            {"database", db ? "ok" : "unavailable"},
                            {"version", support::kVersion}}};
    });
}

}  // namespace casetrail::http
