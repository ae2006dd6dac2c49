// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/events/event_spooler.hpp"

#include <nlohmann/json.hpp>

#include "gateway/events/spool_codec.hpp"

namespace casetrail::gateway {

namespace {
constexpr std::chrono::milliseconds kFullRetry{100};
constexpr std::chrono::milliseconds kTickEvery{500};
// Polling resumes when the spool is back under this share of its cap, so it does not flap at the edge.
constexpr double kResumeRatio = 0.9;
}  // namespace

EventSpooler::EventSpooler(spool::Spool& spool, SpoolSettings settings, GatewayHealth& health, Deliver deliver,
                           common::Logger log, Tick tick)
    : spool_(spool), settings_(std::move(settings)), health_(health), deliver_(std::move(deliver)),
      log_(std::move(log)), tick_(std::move(tick)) {}

EventSpooler::~EventSpooler() {
    if (thread_.joinable()) stop();
}

void EventSpooler::start() {
    thread_ = std::thread([this] { run(); });
}

void EventSpooler::enqueue(std::vector<EventRow> events) {
    if (events.empty()) return;
    {
        std::lock_guard lock(mutex_);
        for (auto& e : events) queue_.push_back(std::move(e));
    }
    cv_.notify_one();
}

void EventSpooler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void EventSpooler::update_pressure() {
    const double used = static_cast<double>(spool_.bytes_used()) / static_cast<double>(spool_.max_bytes());
    const bool warn = used >= settings_.warn_ratio;
    if (warn != health_.spool_warning.exchange(warn)) {
        if (warn) {
            log_.warn("spool nearing its cap",
                      {{"used_bytes", spool_.bytes_used()}, {"cap_bytes", spool_.max_bytes()}});
        } else {
            log_.info("spool below its warning level again", {{"used_bytes", spool_.bytes_used()}});
        }
    }
    if (health_.polling_paused.load() && used < kResumeRatio) {
        health_.polling_paused = false;
        log_.warn("spool has room again: polling resumed", {{"used_bytes", spool_.bytes_used()}});
    }
}

void EventSpooler::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        const auto has_work = [&] { return stopping_ || !queue_.empty(); };
        // Idle, wake up regularly anyway: to tick, and when paused to see whether the spool has room again.
        const auto idle_wait = health_.polling_paused.load() ? kFullRetry : kTickEvery;
        if (!cv_.wait_for(lock, idle_wait, has_work)) {
            lock.unlock();
            update_pressure();
            if (tick_) tick_();
            lock.lock();
            continue;
        }
        // Group commit: gather up to fsync_records, waiting at most fsync_interval for more.
        if (!stopping_ && queue_.size() < settings_.fsync_records) {
            cv_.wait_for(lock, settings_.fsync_interval,
                         [&] { return stopping_ || queue_.size() >= settings_.fsync_records; });
        }
        if (queue_.empty() && stopping_) return;
        std::vector<EventRow> batch;
        const std::size_t n = std::min(queue_.size(), std::max<std::size_t>(settings_.fsync_records, 1));
        batch.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            batch.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        lock.unlock();

        std::vector<SpooledEvent> durable;
        durable.reserve(batch.size());
        std::size_t done = 0;
        try {
            for (; done < batch.size(); ++done) {
                const auto seq = spool_.append(encode_event(batch[done]));
                durable.push_back({seq, std::move(batch[done])});
            }
        } catch (const spool::SpoolFull& e) {
            if (!health_.polling_paused.exchange(true)) {
                log_.error("spool full: polling paused until the database takes events again",
                           {{"error", e.what()}, {"policy", "pause polling; no event is dropped"}});
            }
        }
        if (!durable.empty()) {
            spool_.sync();
            // Counted once handed on, so that "spooled" events are durable and with the writer.
            const auto n = durable.size();
            deliver_(std::move(durable));
            health_.events_spooled += n;
        }
        update_pressure();
        if (tick_) tick_();

        lock.lock();
        if (done < batch.size()) {
            // Not spooled yet: back to the front, in order, and wait for the writer to free space.
            for (std::size_t i = batch.size(); i > done; --i) queue_.push_front(std::move(batch[i - 1]));
            if (stopping_) {
                log_.error(
                    "stopping with events that did not fit in the full spool",
                    {{"events", queue_.size()}, {"note", "they are re-detected from the readers at the next start"}});
                return;
            }
            cv_.wait_for(lock, kFullRetry, [&] { return stopping_; });
        }
    }
}

}  // namespace casetrail::gateway
