// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The gateway's start-up, on the main thread before any other thread runs: register the readers (or,
// without the database, recall the last run's registration from the local state), seed the smoothing
// core with where tags stand, then replay what the spool holds on top (newer, not yet written), so that a
// restart makes no spurious or repeated events. Each step is a function of its inputs; only
// register_readers and seed_core touch the database, through what they are given.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "common/json_log.hpp"
#include "gateway/app/gateway_config.hpp"
#include "gateway/app/local_state.hpp"
#include "gateway/app/zone_map.hpp"
#include "gateway/events/event_spooler.hpp"
#include "gateway/smoothing/location_smoother.hpp"
#include "gateway/spool/spool.hpp"
#include "gateway/store/event_store.hpp"
#include "gateway/store/reader_registry.hpp"

namespace casetrail::gateway {

struct Registration {
    std::vector<RegisteredAntenna> antennas;
    bool from_database = false;  // false: recalled from the local state of the last run
};

// Waits before the next attempt while the database is away; false when the daemon is told to stop.
using WaitForRetry = std::function<bool()>;

// What the configured readers are as the database registers them.
std::vector<ReaderRegistration> registrations(const GatewayConfig& cfg);

// Registers with the database. While it cannot be reached: the registration in `cached` if there is one,
// else waits and tries again. nullopt: told to stop while waiting. Throws StoreMismatch when the config
// names what the database does not have.
std::optional<Registration> register_readers(ReaderRegistry& registry, const GatewayConfig& cfg,
                                             const std::optional<LocalState>& cached, const WaitForRetry& wait,
                                             const common::Logger& log);

// Seeds every tag present (or ambiguous) at one of the zones.
void seed_from_database(smoothing::LocationSmoother& core, const ZoneMap& zones, const std::vector<PresentTag>& tags);
// Seeds the positions of the last run's local state; returns the spool sequence number they reflect.
std::uint64_t seed_from_local_state(smoothing::LocationSmoother& core, const ZoneMap& zones, const LocalState& state);

// Seeds from the database (through `present_tags`) when the registration came from it, else, or when it
// fails, from `cached`. Returns the spool sequence number the seed reflects (0 for the database's: it
// may lack anything still in the spool).
std::uint64_t seed_core(smoothing::LocationSmoother& core, const ZoneMap& zones, const Registration& registration,
                        const std::optional<LocalState>& cached,
                        const std::function<std::vector<PresentTag>()>& present_tags, const common::Logger& log);

struct Replay {
    std::vector<SpooledEvent> events;  // for the writers: spooled, not known to be in the database
    std::size_t undecodable = 0;       // records that do not decode: skipped, acknowledged with the rest
};
// Decodes the spool's unacknowledged records, in order; those after `seeded_through` are applied to the
// core as well.
Replay replay_spool(smoothing::LocationSmoother& core, const ZoneMap& zones,
                    const std::vector<spool::SpoolRecord>& recovered, std::uint64_t seeded_through);

// The local state of the core as it stands, as of spool sequence number `seq`.
LocalState local_state_of(const smoothing::LocationSmoother& core, const ZoneMap& zones,
                          std::vector<RegisteredAntenna> antennas, std::uint64_t seq);

}  // namespace casetrail::gateway
