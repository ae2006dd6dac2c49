// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// GET /api/v1/readers: every reader, its antennas, and its health (state, since, why, counters, latency).

#include "server/domain/reader_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_reader_routes(Router& router, domain::ReaderService& service);

}  // namespace casetrail::http
