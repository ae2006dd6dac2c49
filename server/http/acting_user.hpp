// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The person a change is made by: the holder of the request's token. A "by" field in the body, which
// clients sent before logins existed, is still accepted when it names that same person, and refused
// (403) when it names anyone else: nobody acts in another's name.

#include <string>

#include "server/http/api_types.hpp"
#include "server/http/json_body.hpp"

namespace casetrail::http {

std::string acting_login(const JsonBody& body, const RouteParams& params);

}  // namespace casetrail::http
