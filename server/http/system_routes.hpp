// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// GET /api/v1/health: the server is up, whether the database answers, and the rules' progress
// (unauthenticated).

#include "server/domain/health_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_system_routes(Router& router, domain::HealthService& health);

}  // namespace casetrail::http
