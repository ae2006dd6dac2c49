#include "server/http/system_routes.hpp"

#include "common/version.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

void add_system_routes(Router& router, pg::ConnectionPool& pool) {
    router.add("GET", "/api/v1/health", public_route(), [&pool](const ApiRequest&, const RouteParams&) {
        const bool db = pg::database_reachable(pool);
        return ApiResponse{db ? 200u : 503u,
                           {{"status", db ? "ok" : "degraded"},
                            {"database", db ? "ok" : "unavailable"},
                            {"version", common::kVersion}}};
    });
}

}  // namespace casetrail::http
