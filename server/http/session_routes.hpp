// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The browser's sign-in (see browser_session.hpp): POST /api/v1/session (public) logs in with a password
// and sets the session cookie; GET /api/v1/session tells a page who is signed in and its CSRF token;
// DELETE /api/v1/session signs out (the token is revoked, the cookie removed).

#include "server/domain/auth_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_session_routes(Router& router, domain::AuthService& service);

}  // namespace casetrail::http
