#pragma once
// Write side of the location trail, used by the gateway: registering its readers and antennas, loading
// where tags stand now, and writing location events in batches. One connection, one thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace casetrail::store {

class PgConnection;

struct ReaderRegistration {
    std::string code;
    std::string transport = "tcp";
    std::string address;  // "host:port" for TCP
    int unit_id = 1;
    std::vector<std::pair<int, std::string>> antennas;  // port -> location code
};

struct RegisteredAntenna {
    std::string reader_code;
    int port = 0;
    std::string location_code;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
};

struct PresentTag {
    std::string epc;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
};

struct EventRow {
    std::string event_id;  // 32 hex digits, deterministic (gateway/event_id.hpp)
    std::string kind;  // arrived | moved | departed
    std::string epc;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
    std::optional<std::int64_t> from_location_id;  // moved only
    std::int64_t observed_us = 0;                  // microseconds since the epoch
    std::string evidence_json = "{}";
};

class EventStore {
public:
    explicit EventStore(std::string conninfo);
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    // Upserts the readers and their antennas. Throws StoreMismatch naming the reader, antenna and location
    // code when a location is unknown or a reader's antennas span several sites.
    std::vector<RegisteredAntenna> register_readers(const std::vector<ReaderRegistration>& readers);

    // Bound tags whose volume is present now at one of these antennas.
    std::vector<PresentTag> present_tags(const std::vector<std::int64_t>& antenna_ids);

    // One transaction: the events (COPY into a staging table, then one insert that skips ids already
    // stored), and each volume's current location where the event is its newest observation. Returns the
    // number of events newly stored (replays count 0). Throws StoreUnavailable when the link is down (the
    // connection is dropped and re-opened by the next call). Deadlocks and serialization failures are
    // retried here.
    std::size_t write_batch(const std::vector<EventRow>& events);

private:
    PgConnection& connection();

    std::string conninfo_;
    std::unique_ptr<PgConnection> conn_;
};

}  // namespace casetrail::store
