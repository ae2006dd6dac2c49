#pragma once
// GET /api/v1/health: the server is up, and whether the database answers (unauthenticated).

#include "server/http/router.hpp"
#include "common/pg/connection_pool.hpp"

namespace casetrail::http {

void add_system_routes(Router& router, pg::ConnectionPool& pool);

}  // namespace casetrail::http
