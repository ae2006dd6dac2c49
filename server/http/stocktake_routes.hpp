// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Stock-taking endpoints:
//   POST /api/v1/stocktakes                      start a session over a scope
//   POST /api/v1/stocktakes/{stocktake}/scans    a handheld batch (a batch id makes re-upload harmless)
//   POST /api/v1/stocktakes/{stocktake}/finish   close it; answers the result
//   GET  /api/v1/stocktakes/{stocktake}          the result as JSON; ?format=csv for CSV
// Results name only the dossiers the asker may see (docs/security.md).

#include "server/domain/access_policy.hpp"
#include "server/domain/stocktake_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_stocktake_routes(Router& router, domain::StocktakeService& service, domain::AccessPolicy& access);

}  // namespace casetrail::http
