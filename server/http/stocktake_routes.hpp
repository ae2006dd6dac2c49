// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Stock-taking endpoints:
//   POST /api/v1/stocktakes                      start a session over a scope (and name who takes part)
//   POST /api/v1/stocktakes/{stocktake}/participants
//                                                add someone who takes part (its starter, a supervisor or
//                                                an admin)
//   POST /api/v1/stocktakes/{stocktake}/scans    a handheld batch, credited to the token's holder, who
//                                                must take part (or be a supervisor or an admin); a batch
//                                                id makes the same person's re-upload harmless; another
//                                                person's batch of that id is refused
//   POST /api/v1/stocktakes/{stocktake}/finish   close it (its starter, a supervisor or an admin); answers
//                                                the result
//   GET  /api/v1/stocktakes/{stocktake}          the result as JSON; ?format=csv for CSV
// Results name only the dossiers the asker may see (docs/security.md).

#include "server/domain/access_policy.hpp"
#include "server/domain/stocktake_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_stocktake_routes(Router& router, domain::StocktakeService& service, domain::AccessPolicy& access);

}  // namespace casetrail::http
