// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Text for people from the register's and custody's JSON answers (times in the local zone).

#include <string>

#include <nlohmann/json.hpp>

namespace casetrail::cli {

std::string render_dossier(const nlohmann::json& view);
std::string render_units(const nlohmann::json& answer);
std::string render_staff(const nlohmann::json& answer);
std::string render_transitions(const nlohmann::json& answer);
std::string render_bindings(const nlohmann::json& answer);
std::string render_custody(const nlohmann::json& chain);
std::string render_handover(const nlohmann::json& handover);
std::string render_period(const nlohmann::json& period);
std::string render_stocktake(const nlohmann::json& result);
std::string render_search(const nlohmann::json& page);

}  // namespace casetrail::cli
