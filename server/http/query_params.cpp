// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/query_params.hpp"

#include <charconv>

#include "server/domain/errors.hpp"

namespace casetrail::http {

std::optional<std::string> query_text(const RouteParams& params, const std::string& name) {
    auto it = params.query.find(name);
    if (it == params.query.end()) return std::nullopt;
    return it->second;
}

std::int64_t query_integer(const RouteParams& params, const std::string& name, std::int64_t fallback) {
    const auto text = query_text(params, name);
    if (!text) return fallback;
    std::int64_t v = 0;
    const auto& s = *text;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) {
        throw domain::InvalidArgument(name + " must be an integer");
    }
    return v;
}

}  // namespace casetrail::http
