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

    // Bound tags whose volume is present now at one of these antennas.
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
    PgConnection& connection();

    std::string conninfo_;
    std::unique_ptr<PgConnection> conn_;
};

}  // namespace casetrail::store
