#pragma once
// Write side of the location trail, used by the gateway: registering its readers and antennas, loading
// where tags stand now, and writing location events in batches. One connection, one thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace casetrail::pg {
class Connection;
}

namespace casetrail::gateway {

struct AntennaSpec {
    int port = 1;
    std::string location_code;
    std::string role = "shelf";  // shelf | desk | portal-in | portal-out
    std::string portal;          // the doorway's name, for portal antennas
};

struct ReaderRegistration {
    std::string code;
    std::string transport = "tcp";
    std::string address;  // "host:port" for TCP
    int unit_id = 1;
    std::vector<AntennaSpec> antennas;
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
    std::optional<std::int64_t> alt_antenna_id;  // ambiguous: the second candidate
    std::optional<double> rssi_dbm;              // its signal there, from the event that put it there
};

struct EventRow {
    std::string event_id;  // 32 hex digits, deterministic (gateway/event_id.hpp)
    std::string kind;  // arrived | moved | departed | ambiguous | resolved | passed_out | passed_in
    std::string epc;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
    std::optional<std::int64_t> from_location_id;  // moved only
    // ambiguous: the second candidate; resolved: the candidate ruled out.
    std::optional<std::int64_t> alt_antenna_id, alt_location_id;
    std::int64_t observed_us = 0;                  // microseconds since the epoch
    std::string evidence_json = "{}";
};

struct ReaderHealthRow {
    std::string reader_code;
    std::string state;  // online | degraded | offline
    std::int64_t since_us = 0;
    std::string reason;
    std::optional<std::int64_t> last_good_poll_us;
    std::int64_t consecutive_failures = 0, polls = 0, failures = 0, timeouts = 0, crc_errors = 0, decode_errors = 0,
                 reconnects = 0;
    std::string exceptions_json = "{}";  // {"2": 5}: Modbus exception code -> count
    std::optional<double> latency_p50_ms, latency_p99_ms;
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

    // Bound tags whose volume is present now (or ambiguous) at one of these antennas.
    std::vector<PresentTag> present_tags(const std::vector<std::int64_t>& antenna_ids);

    // One transaction: the events (COPY into a staging table, then one insert that skips ids already
    // stored), and each volume's current location where the event is its newest observation. Returns the
    // number of events newly stored (replays count 0). Throws StoreUnavailable when the link is down (the
    // connection is dropped and re-opened by the next call). Deadlocks and serialization failures are
    // retried here.
    std::size_t write_batch(const std::vector<EventRow>& events);

    // Upserts the readers' health rows (one statement).
    void report_health(const std::vector<ReaderHealthRow>& rows);

private:
    pg::Connection& connection();

    std::string conninfo_;
    std::unique_ptr<pg::Connection> conn_;
};

}  // namespace casetrail::gateway
