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

std::int64_t query_integer(const RouteParams& params, const std::string& name, std::int64_t fallback, std::int64_t min,
                           std::int64_t max) {
    const auto v = query_integer(params, name, fallback);
    if (v < min || v > max) {
        throw domain::InvalidArgument(name + " must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return v;
}

bool query_flag(const RouteParams& params, const std::string& name, bool fallback) {
    const auto v = query_text(params, name);
    if (!v) return fallback;
    if (*v != "true" && *v != "false") throw domain::InvalidArgument(name + ": must be true or false");
    return *v == "true";
}

void reject_unknown_query(const RouteParams& params, std::initializer_list<const char*> known) {
    for (const auto& [key, _] : params.query) {
        bool ok = false;
        for (const char* k : known) ok = ok || key == k;
        if (!ok) throw domain::InvalidArgument(key + ": is not a parameter here");
    }
}

}  // namespace casetrail::http
