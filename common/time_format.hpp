// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// UTC timestamps as RFC 3339 text ("2026-11-24T11:44:49.123456Z"): how Casetrail shows time on the wire.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casetrail::common {

std::string format_utc(std::chrono::system_clock::time_point t);

// Reads RFC 3339 ("2026-12-01T09:30:00Z", "2026-12-01T17:30:00.5+08:00"): a date, 'T' (or a space), a time
// with optional fraction (up to microseconds), and 'Z' or an offset. nullopt for anything else, including
// impossible dates.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view s);

// Microseconds since the Unix epoch, the unit Casetrail stores and passes around.
std::int64_t to_epoch_us(std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point from_epoch_us(std::int64_t us);

}  // namespace casetrail::common
