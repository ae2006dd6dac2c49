#pragma once
// Writes location events to PostgreSQL in batches, on its own thread: up to `batch_size` events per
// transaction, at most `flush_interval` after the first one queued. When the database is unreachable
// the batch is kept and retried with backoff; nothing is dropped while the gateway runs.
// (The durable on-disk spool that survives a crash is the events issue's work; see README.)

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "gateway/gateway_config.hpp"
#include "store/event_store.hpp"
#include "support/json_log.hpp"

namespace casetrail::gateway {

class EventWriter {
public:
    EventWriter(store::EventStore& store, WriterSettings settings, support::Logger log);
    ~EventWriter();

    void start();
    void enqueue(std::vector<store::EventRow> events);
    // Writes what is queued (waiting at most `deadline` for the database) and stops the thread.
    void stop(std::chrono::milliseconds deadline);

    std::size_t queued() const;
    std::uint64_t written() const;

private:
    void run();

    store::EventStore& store_;
    WriterSettings settings_;
    support::Logger log_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<store::EventRow> queue_;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point stop_deadline_;
    std::uint64_t written_ = 0;
    std::thread thread_;
};

}  // namespace casetrail::gateway
