// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The durable step between the smoothing core and the database: events from the event loop are appended
// to the spool on this component's own thread and fsync'ed in groups (at most `fsync_records` records or
// `fsync_interval` of waiting for more); only then are they handed to the writer. When the spool reaches
// its cap, polling is paused (never a silent drop: see README) until the writer frees space.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/json_log.hpp"
#include "gateway/spool/spool.hpp"
#include "gateway/store/event_store.hpp"

namespace casetrail::gateway {

struct SpoolSettings {
    std::string dir;
    std::uint64_t segment_bytes = 8u << 20;
    std::uint64_t max_bytes = 256u << 20;
    double warn_ratio = 0.8;
    std::chrono::milliseconds fsync_interval{10};
    std::size_t fsync_records = 512;
};

struct SpooledEvent {
    std::uint64_t seq = 0;
    EventRow row;
};

// Shared, lock-free view of the gateway's state, for the pollers and the status file.
struct GatewayHealth {
    std::atomic<bool> polling_paused{false};  // the spool is full
    std::atomic<bool> spool_warning{false};   // the spool is past warn_ratio of its cap
    std::atomic<bool> database_ok{false};
    std::atomic<std::uint64_t> events_spooled{0};  // durable, and handed to the writer
    std::atomic<std::uint64_t> events_written{0};
};

class EventSpooler {
public:
    using Deliver = std::function<void(std::vector<SpooledEvent>)>;
    // Called on the spooler's thread at least every half second, busy or idle.
    using Tick = std::function<void()>;

    EventSpooler(spool::Spool& spool, SpoolSettings settings, GatewayHealth& health, Deliver deliver,
                 common::Logger log, Tick tick = nullptr);
    ~EventSpooler();

    void start();
    void enqueue(std::vector<EventRow> events);
    // Spools and syncs everything queued, then stops the thread.
    void stop();

private:
    void run();
    void update_pressure();

    spool::Spool& spool_;
    SpoolSettings settings_;
    GatewayHealth& health_;
    Deliver deliver_;
    common::Logger log_;
    Tick tick_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<EventRow> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace casetrail::gateway
