// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Turns the API's JSON answers into text for people, with times in the local time zone.

#include <string>

#include <nlohmann/json.hpp>

namespace casetrail::cli {

std::string render_where(const nlohmann::json& answer);
std::string render_history(const nlohmann::json& page);
std::string render_readers(const nlohmann::json& answer);

// "2026-11-24T12:11:01.994315Z" -> "2026-11-24 20:11:01 CST" in the local zone (TZ); the input itself
// when it cannot be read.
std::string local_time(const std::string& s);

}  // namespace casetrail::cli
