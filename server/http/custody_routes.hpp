// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Custody endpoints:
//   POST /api/v1/dossiers/{id}/checkout, POST /api/v1/dossiers/{id}/checkin,
//   POST /api/v1/dossiers/{id}/handovers, GET /api/v1/handovers/{handover},
//   POST /api/v1/handovers/{handover}/confirm, POST /api/v1/handovers/{handover}/cancel,
//   GET /api/v1/dossiers/{id}/custody (the chain of holders)
// A check-in is the holder's, or a clerk's of the dossier's unit, or an admin's (domain::AccessPolicy).

#include "server/domain/access_policy.hpp"
#include "server/domain/custody_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_custody_routes(Router& router, domain::CustodyService& service, domain::AccessPolicy& access);

}  // namespace casetrail::http
