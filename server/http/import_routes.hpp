// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Bulk import endpoints:
//   POST /api/v1/imports                       start one
//   POST /api/v1/imports/{import}/rows         stage a chunk of rows, each with its line in the file
//   GET  /api/v1/imports/{import}/problems     the dry run: every problem, by line
//   POST /api/v1/imports/{import}/commit       all or nothing (409 with the problems when there are any)
//   GET  /api/v1/imports/{import}              state and counts

#include "server/domain/import_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_import_routes(Router& router, domain::ImportService& service);

}  // namespace casetrail::http
