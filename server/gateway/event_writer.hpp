#pragma once
// Writes spooled location events to PostgreSQL in batches, on its own thread: up to `batch_size` events
// per transaction, at most `flush_interval` after the first one queued. After each commit the spool is
// told that everything up to the batch's last sequence number may go. When the database is unreachable
// the batch is kept and retried with backoff; the events stay in the spool meanwhile.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "gateway/event_spooler.hpp"
#include "gateway/gateway_config.hpp"
#include "spool/spool.hpp"
#include "store/event_store.hpp"
#include "support/json_log.hpp"

namespace casetrail::gateway {

class EventWriter {
public:
    EventWriter(store::EventStore& store, spool::Spool& spool, WriterSettings settings, GatewayHealth& health,
                support::Logger log);
    ~EventWriter();

    void start();
    void enqueue(std::vector<SpooledEvent> events);
    // Writes what is queued, waiting at most `deadline` for the database, then stops the thread. What is
    // not written by then stays in the spool for the next start.
    void stop(std::chrono::milliseconds deadline);

    std::size_t queued() const;

private:
    void run();

    store::EventStore& store_;
    spool::Spool& spool_;
    WriterSettings settings_;
    GatewayHealth& health_;
    support::Logger log_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<SpooledEvent> queue_;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point stop_deadline_;
    std::thread thread_;
};

}  // namespace casetrail::gateway
