// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A daemon that binds port 0 tells its launcher (a test, the demo) which ports it got by writing a small
// JSON file, atomically, once it is ready to serve.

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace casetrail::common {

// Writes `content` to `path` through a temporary file and rename; throws std::runtime_error on failure.
void write_ready_file(const std::string& path, const nlohmann::json& content);

}  // namespace casetrail::common
