// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Text for people from alerts and notices (times in the local zone).

#include <string>

#include <nlohmann/json.hpp>

namespace casetrail::cli {

std::string render_alerts(const nlohmann::json& answer);  // GET /alerts: a line each
std::string render_alert(const nlohmann::json& alert);    // one, with who was told and the deliveries
std::string render_notice(const nlohmann::json& notice);  // one line, as `watch` prints them

}  // namespace casetrail::cli
