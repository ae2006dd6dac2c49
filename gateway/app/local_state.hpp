// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// What the gateway needs to start while PostgreSQL is unreachable: the antennas it registered last time,
// and where the tags stood as of spooled event `seq`. Kept beside the spool (state.json), written
// atomically. The spool is never acknowledged past `seq`, so the snapshot plus the spool always hold
// every event the database may lack.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json_log.hpp"
#include "gateway/app/gateway_config.hpp"
#include "gateway/store/reader_registry.hpp"

namespace casetrail::gateway {

struct LocalState {
    std::vector<RegisteredAntenna> antennas;
    // EPC -> antenna id, for tags present somewhere (an ambiguous tag: its first candidate; its second is
    // found again from reads after a start without the database).
    std::map<std::string, std::int64_t> positions;
    std::uint64_t seq = 0;  // the spooled events reflected in `positions`
};

// nullopt when there is no file or it cannot be read (logged).
std::optional<LocalState> load_local_state(const std::string& path, const common::Logger& log);
void save_local_state(const std::string& path, const LocalState& state);

// The cached antennas are exactly the configured ones: same readers, ports and location codes.
bool matches_config(const LocalState& state, const GatewayConfig& cfg);

}  // namespace casetrail::gateway
