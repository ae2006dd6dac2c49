#pragma once
// GET /api/v1/health: the server is up, and whether the database answers (unauthenticated).

#include "http/router.hpp"
#include "store/connection_pool.hpp"

namespace casetrail::http {

void add_system_routes(Router& router, store::ConnectionPool& pool);

}  // namespace casetrail::http
