// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Query parameters read the same way by every route: optional text, integers with a clear 400.

#include <cstdint>
#include <optional>
#include <string>

#include "server/http/api_types.hpp"

namespace casetrail::http {

std::optional<std::string> query_text(const RouteParams& params, const std::string& name);
// `fallback` when absent; domain::InvalidArgument when it is not an integer.
std::int64_t query_integer(const RouteParams& params, const std::string& name, std::int64_t fallback);

}  // namespace casetrail::http
