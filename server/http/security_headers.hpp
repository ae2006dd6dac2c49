// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The headers every answer carries, the API's as much as the UI's: a Content-Security-Policy that lets a
// page run only the server's own scripts and styles (no inline script, no other site, never in a frame),
// no content-type guessing, no Referer leaving the server, and, under TLS, HTTPS only from then on.

#include <string>
#include <utility>
#include <vector>

namespace casetrail::http {

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

inline std::vector<std::pair<std::string, std::string>> security_headers(bool tls) {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Security-Policy", kContentSecurityPolicy},
                                                       {"X-Content-Type-Options", "nosniff"},
                                                       {"Referrer-Policy", "no-referrer"},
                                                       {"X-Frame-Options", "DENY"},
                                                       {"Cross-Origin-Opener-Policy", "same-origin"}};
    if (tls) h.emplace_back("Strict-Transport-Security", "max-age=31536000");
    return h;
}

}  // namespace casetrail::http
