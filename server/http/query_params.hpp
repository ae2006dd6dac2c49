// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Query parameters read the same way by every route: optional text, integers with a clear 400.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "server/http/api_types.hpp"

namespace casetrail::http {

std::optional<std::string> query_text(const RouteParams& params, const std::string& name);
// `fallback` when absent; domain::InvalidArgument when it is not an integer.
std::int64_t query_integer(const RouteParams& params, const std::string& name, std::int64_t fallback);
// The same within [min, max]; InvalidArgument naming the range outside it.
std::int64_t query_integer(const RouteParams& params, const std::string& name, std::int64_t fallback, std::int64_t min,
                           std::int64_t max);
// true or false; `fallback` when absent.
bool query_flag(const RouteParams& params, const std::string& name, bool fallback);
// InvalidArgument naming the first query parameter that is not one of `known`.
void reject_unknown_query(const RouteParams& params, std::initializer_list<const char*> known);

}  // namespace casetrail::http
