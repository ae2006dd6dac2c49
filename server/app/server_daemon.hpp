// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The casetrail-server daemon, wired explicitly: the API stack over one pool, the router, and the
// background engines (the handover sweep, the rules, webhook delivery), each on a thread of its own.
// run() serves until SIGTERM/SIGINT, then stops the engines before the HTTP sessions go.

#include <memory>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/json_log.hpp"
#include "server/app/server_config.hpp"

namespace casetrail::app {

class ServerDaemon {
public:
    ServerDaemon(const ServerConfig& cfg, const common::Clock& clock, const common::Logger& log);
    ~ServerDaemon();
    ServerDaemon(const ServerDaemon&) = delete;
    ServerDaemon& operator=(const ServerDaemon&) = delete;

    // Listens, writes {"http_port":..} to `ready_file` once it does, serves until a stop signal.
    int run(const std::optional<std::string>& ready_file);

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace casetrail::app
