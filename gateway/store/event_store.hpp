// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The location trail's write side, used by the gateway: where tags stand now (to seed the smoothing core
// at start), and location events written in batches. One connection, one thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_fwd.hpp"

namespace casetrail::gateway {

struct PresentTag {
    std::string epc;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
    std::optional<std::int64_t> alt_antenna_id;  // ambiguous: the second candidate
    std::optional<double> rssi_dbm;              // its signal there, from the event that put it there
};

struct EventRow {
    std::string event_id;  // 32 hex digits, deterministic (gateway/events/event_id.hpp)
    std::string kind;      // arrived | moved | departed | ambiguous | resolved | passed_out | passed_in
    std::string epc;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
    std::optional<std::int64_t> from_location_id;  // moved only
    // ambiguous: the second candidate; resolved: the candidate ruled out.
    std::optional<std::int64_t> alt_antenna_id, alt_location_id;
    std::int64_t observed_us = 0;  // microseconds since the epoch
    std::string evidence_json = "{}";
};

class EventStore {
public:
    explicit EventStore(std::string conninfo);
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    // Bound tags whose volume is present now (or ambiguous) at one of these antennas.
    std::vector<PresentTag> present_tags(const std::vector<std::int64_t>& antenna_ids);

    // One transaction: the events (COPY into a staging table, then one insert that skips ids already
    // stored), and each volume's current location where the event is its newest observation. Returns the
    // number of events newly stored (replays count 0). Throws StoreUnavailable when the link is down (the
    // connection is dropped and re-opened by the next call). Deadlocks and serialization failures are
    // retried here.
    std::size_t write_batch(const std::vector<EventRow>& events);

private:
    std::unique_ptr<pg::DedicatedConnection> conn_;
};

}  // namespace casetrail::gateway
