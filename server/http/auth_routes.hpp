// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Logins and tokens: POST /api/v1/login (public), POST /api/v1/logout, GET /api/v1/me, GET and POST
// /api/v1/tokens, POST /api/v1/tokens/{token}/revoke, PUT /api/v1/staff/{login}/password, POST
// /api/v1/staff/{login}/unlock.

#include "server/domain/auth_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_auth_routes(Router& router, domain::AuthService& service);

// What GET /api/v1/me answers about a principal (the browser's session answer holds it too).
nlohmann::json me_json(const domain::Principal& who);

}  // namespace casetrail::http
