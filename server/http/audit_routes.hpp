// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// GET /api/v1/audit/verify[?head=HASH]: the audit trail's chain checked; the first row edited, deleted or
// reordered named.

#include "server/domain/audit_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_audit_routes(Router& router, domain::AuditService& service);

}  // namespace casetrail::http
