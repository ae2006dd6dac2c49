// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Polls one reader on a fixed schedule. The schedule lives on the gateway's io_context (a timer); the
// blocking libmodbus calls run on a worker pool, serialised per reader by a strand, so a slow reader
// never holds up the event loop. A reader that cannot be reached is retried with exponential backoff
// and jitter; state changes (online, offline) are logged, not every poll.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/clock.hpp"
#include "common/json_log.hpp"
#include "firmware-bridge/drivers/reader_driver.hpp"
#include "gateway/polling/reader_health.hpp"

namespace casetrail::gateway {

using TimePoint = std::chrono::system_clock::time_point;

// The reader as its logs name it.
struct PolledReader {
    std::string id;       // the reader's code
    std::string address;  // host:port, or the serial device
    int unit_id = 1;
};

struct PollOutcome {
    int reader = 0;
    TimePoint at;
    std::chrono::microseconds latency{0};  // the blocking calls of this poll
    common::Result<bridge::InventoryRound, bridge::ReaderError> result;
};

class ReaderPoller : public std::enable_shared_from_this<ReaderPoller> {
public:
    // Takes a decoded round; answers what it says of a flood of unbound EPCs (empty: nothing), which
    // counts in the reader's health.
    using OnRound = std::function<std::string(const PollOutcome&)>;

    using Strand = boost::asio::strand<boost::asio::thread_pool::executor_type>;

    // `strand` serialises the blocking calls: one per TCP reader, one shared by the readers of a bus.
    // While `paused` is set (the spool is full) no poll is taken: its events could not be kept.
    ReaderPoller(boost::asio::io_context& ioc, Strand strand, int index, PolledReader reader,
                 std::chrono::milliseconds interval, std::unique_ptr<bridge::ReaderDriver> driver,
                 const common::Clock& clock, const std::atomic<bool>& paused, OnRound on_round, common::Logger log);

    void start();
    void stop();

    // On the io_context only.
    HealthSnapshot health() const { return health_state_.snapshot(); }

private:
    void schedule(std::chrono::steady_clock::time_point when);
    void on_timer();
    void poll_blocking();                         // runs on the worker strand
    void on_outcome(const PollOutcome& outcome);  // runs on the io_context
    void log_state();

    boost::asio::io_context& ioc_;
    Strand strand_;
    boost::asio::steady_timer timer_;
    int index_;
    PolledReader reader_;
    std::chrono::milliseconds interval_;
    std::unique_ptr<bridge::ReaderDriver> driver_;
    const common::Clock& clock_;
    const std::atomic<bool>& paused_;
    OnRound on_round_;
    common::Logger log_;

    // io_context side
    std::chrono::steady_clock::time_point next_;
    bool in_flight_ = false;
    bool stopped_ = false;
    ReaderHealth health_state_;
    std::chrono::milliseconds backoff_{0};
    std::mt19937 jitter_{std::random_device{}()};
};

}  // namespace casetrail::gateway
