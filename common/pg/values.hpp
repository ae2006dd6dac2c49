// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Internal to the store: converting between libpqxx fields and Casetrail's plain values.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/time_format.hpp"

namespace casetrail::pg {

inline std::optional<std::string> optional_string(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}

// Timestamps travel as microseconds since the epoch: (extract(epoch FROM t) * 1000000)::bigint.
inline std::chrono::system_clock::time_point time_from_us(const pqxx::field& f) {
    return common::from_epoch_us(f.as<std::int64_t>());
}

// PostgreSQL array literals for unnest()-based batch statements. libpqxx 6 cannot bind arrays, so they
// travel as text; every text element is quoted and escaped.
std::string text_array(const std::vector<std::string>& values);
std::string int_array(const std::vector<std::int64_t>& values);
// The same with NULL elements.
std::string nullable_text_array(const std::vector<std::optional<std::string>>& values);
std::string nullable_int_array(const std::vector<std::optional<std::int64_t>>& values);

}  // namespace casetrail::pg
