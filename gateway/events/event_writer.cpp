// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/events/event_writer.hpp"

#include <nlohmann/json.hpp>

#include "common/pg/store_errors.hpp"

namespace casetrail::gateway {

namespace {
constexpr std::chrono::milliseconds kFirstRetry{200};
constexpr std::chrono::milliseconds kMaxRetry{5000};
}  // namespace

EventWriter::EventWriter(std::string conninfo, Acknowledge acknowledge, WriterSettings settings, GatewayHealth& health,
                         common::Logger log, OnCommitted on_committed)
    : conninfo_(std::move(conninfo)), acknowledge_(std::move(acknowledge)), settings_(settings), health_(health),
      log_(std::move(log)), on_committed_(std::move(on_committed)) {}

EventWriter::~EventWriter() {
    if (!threads_.empty()) stop(std::chrono::milliseconds(0));
}

void EventWriter::start() {
    for (std::size_t i = 0; i < std::max<std::size_t>(settings_.connections, 1); ++i) {
        stores_.push_back(std::make_unique<EventStore>(conninfo_));
        threads_.emplace_back([this, s = stores_.back().get()] { run(*s); });
    }
}

void EventWriter::enqueue(std::vector<SpooledEvent> events) {
    if (events.empty()) return;
    {
        std::lock_guard lock(mutex_);
        for (auto& e : events) queue_.push_back(std::move(e));
    }
    cv_.notify_one();
}

std::size_t EventWriter::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + in_flight_events_;
}

void EventWriter::stop(std::chrono::milliseconds deadline) {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        stop_deadline_ = std::chrono::steady_clock::now() + deadline;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
    if (!queue_.empty() || in_flight_events_ > 0) {
        log_.warn("stopping with events not yet in the database; they stay in the spool for the next start",
                  {{"events", queue_.size() + in_flight_events_}});
    }
}

bool EventWriter::should_give_up() const { return stopping_ && std::chrono::steady_clock::now() >= stop_deadline_; }

void EventWriter::run(EventStore& store) {
    std::unique_lock lock(mutex_);
    while (true) {
        // Wait for a full batch, or for the first queued event to be flush_interval old.
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (!stopping_ && queue_.size() < settings_.batch_size) {
            cv_.wait_for(lock, settings_.flush_interval,
                         [&] { return stopping_ || queue_.size() >= settings_.batch_size; });
        }
        if (queue_.empty()) {
            if (stopping_) return;
            continue;
        }
        if (should_give_up()) return;
        const std::size_t n = std::min(queue_.size(), settings_.batch_size);
        std::vector<EventRow> batch;
        batch.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            batch.push_back(std::move(queue_.front().row));
            if (i + 1 == n) in_flight_.push_back({queue_.front().seq});
            queue_.pop_front();
        }
        InFlight* mine = &in_flight_.back();  // deque::push_back keeps references to elements valid
        in_flight_events_ += n;
        if (!queue_.empty()) cv_.notify_one();  // another writer may take the next batch now

        std::chrono::milliseconds retry{0};
        while (true) {
            lock.unlock();
            bool ok = false;
            try {
                store.write_batch(batch);
                ok = true;
            } catch (const pg::StoreUnavailable& e) {
                health_.database_ok = false;
                lock.lock();
                if (!outage_logged_) log_.warn("database unavailable; events stay in the spool", {{"error", e.what()}});
                outage_logged_ = true;
                lock.unlock();
            } catch (const std::exception& e) {
                // Not a link problem: keep the batch (it is in the spool), say so loudly, retry with backoff.
                log_.error("event batch not written", {{"error", e.what()}, {"events", batch.size()}});
            }
            lock.lock();
            if (ok) break;
            if (should_give_up()) {
                in_flight_events_ -= n;  // left in the spool; never acknowledged
                return;
            }
            retry = retry.count() == 0 ? kFirstRetry : std::min(retry * 2, kMaxRetry);
            cv_.wait_for(lock, retry, [&] { return should_give_up(); });
        }

        health_.database_ok = true;
        if (outage_logged_) log_.info("database reachable again", {{"queued", queue_.size()}});
        outage_logged_ = false;
        mine->committed = true;
        in_flight_events_ -= n;
        health_.events_written += n;
        // Acknowledge the longest run of committed batches from the oldest one on.
        std::uint64_t ack = 0;
        while (!in_flight_.empty() && in_flight_.front().committed) {
            ack = in_flight_.front().last_seq;
            in_flight_.pop_front();
        }
        lock.unlock();
        if (ack) acknowledge_(ack);  // the spool ignores an older mark arriving after a newer one
        if (on_committed_) on_committed_(batch);
        lock.lock();
    }
}

}  // namespace casetrail::gateway
