// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// `casetrail watch`: follows a person's notices over the server's WebSocket, printing a line each;
// after a dropped connection it reconnects and resumes after the last notice printed.

#include <cstdint>
#include <optional>
#include <string>

#include "tools/cli/http_client.hpp"

namespace casetrail::cli {

// Returns the exit status: 0 after `count` notices (if given) or on SIGINT/SIGTERM, 2 when the server
// refuses the stream (an unknown login).
int watch_notices(const ServerUrl& server, const std::string& login, std::int64_t after, std::optional<long> count);

}  // namespace casetrail::cli
