// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Writes spooled location events to PostgreSQL in batches: up to `batch_size` events per transaction,
// at most `flush_interval` after the first one queued, over `connections` connections in parallel (one
// PostgreSQL backend is CPU-bound on one core; batches are idempotent and order-safe, so they may commit
// in any order). The spool is acknowledged up to the end of the oldest batch not yet committed, so a
// crash replays exactly what may be missing. When the database is unreachable a batch is kept and
// retried with backoff; the events stay in the spool meanwhile.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/json_log.hpp"
#include "gateway/events/event_spooler.hpp"
#include "gateway/store/event_store.hpp"

namespace casetrail::gateway {

struct WriterSettings {
    std::size_t batch_size = 2000;
    std::chrono::milliseconds flush_interval{200};
    std::size_t connections = 2;
};

class EventWriter {
public:
    // Called on a writer thread after each commit, with the events the transaction held.
    using OnCommitted = std::function<void(const std::vector<EventRow>&)>;
    // Everything up to this spool sequence number is in the database (called from writer threads).
    using Acknowledge = std::function<void(std::uint64_t)>;

    EventWriter(std::string conninfo, Acknowledge acknowledge, WriterSettings settings, GatewayHealth& health,
                common::Logger log, OnCommitted on_committed = nullptr);
    ~EventWriter();

    void start();
    void enqueue(std::vector<SpooledEvent> events);
    // Writes what is queued, waiting at most `deadline` for the database, then stops the threads. What
    // is not written by then stays in the spool for the next start.
    void stop(std::chrono::milliseconds deadline);

    std::size_t queued() const;  // not yet committed (queued or in flight)

private:
    struct InFlight {
        std::uint64_t last_seq;
        bool committed = false;
    };

    void run(EventStore& store);
    bool should_give_up() const;  // with mutex_ held

    std::string conninfo_;
    Acknowledge acknowledge_;
    WriterSettings settings_;
    GatewayHealth& health_;
    common::Logger log_;
    OnCommitted on_committed_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<SpooledEvent> queue_;
    std::deque<InFlight> in_flight_;  // batches taken, oldest first
    std::size_t in_flight_events_ = 0;
    bool stopping_ = false;
    bool outage_logged_ = false;
    std::chrono::steady_clock::time_point stop_deadline_;
    std::vector<std::unique_ptr<EventStore>> stores_;
    std::vector<std::thread> threads_;
};

}  // namespace casetrail::gateway
