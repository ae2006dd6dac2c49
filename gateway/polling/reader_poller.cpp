// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/polling/reader_poller.hpp"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

namespace casetrail::gateway {

namespace net = boost::asio;

namespace {
constexpr std::chrono::milliseconds kFirstBackoff{500};
constexpr std::chrono::milliseconds kMaxBackoff{30000};
}  // namespace

ReaderPoller::ReaderPoller(net::io_context& ioc, Strand strand, int index, PolledReader reader,
                           std::chrono::milliseconds interval, std::unique_ptr<bridge::ReaderDriver> driver,
                           const common::Clock& clock, const std::atomic<bool>& paused, OnRound on_round,
                           common::Logger log)
    : ioc_(ioc), strand_(std::move(strand)), timer_(ioc), index_(index), reader_(std::move(reader)),
      interval_(interval), driver_(std::move(driver)), clock_(clock), paused_(paused), on_round_(std::move(on_round)),
      log_(std::move(log)), health_state_(reader_.id, clock.now()) {}

void ReaderPoller::start() {
    next_ = std::chrono::steady_clock::now();
    schedule(next_);
}

void ReaderPoller::stop() {
    stopped_ = true;
    timer_.cancel();
    // Close on the strand, after any poll still running there.
    net::post(strand_, [self = shared_from_this()] { self->driver_->close(); });
}

void ReaderPoller::schedule(std::chrono::steady_clock::time_point when) {
    timer_.expires_at(when);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec && !self->stopped_) self->on_timer();
    });
}

void ReaderPoller::on_timer() {
    // Not while the spool is full (events could not be kept), nor while the previous poll overruns its
    // slot (skipped rather than queued up).
    if (!paused_.load() && !in_flight_) {
        in_flight_ = true;
        net::post(strand_, [self = shared_from_this()] { self->poll_blocking(); });
    }
    const auto now = std::chrono::steady_clock::now();
    next_ += backoff_.count() > 0 ? backoff_ : interval_;
    if (next_ < now) next_ = now + interval_;  // fell behind: resume the rhythm from now
    schedule(next_);
}

void ReaderPoller::poll_blocking() {
    PollOutcome out{index_, {}, {}, bridge::ReaderError{bridge::ReaderErrorKind::protocol, "not polled"}};
    const auto started = std::chrono::steady_clock::now();
    auto took = [&] {
        return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    };
    if (!driver_->is_open()) {
        auto id = driver_->open();
        if (!id) {
            out.at = clock_.now();
            out.latency = took();
            out.result = id.error();
            net::post(ioc_, [self = shared_from_this(), out = std::move(out)] { self->on_outcome(out); });
            return;
        }
    }
    out.result = driver_->poll();
    out.at = clock_.now();
    out.latency = took();
    net::post(ioc_, [self = shared_from_this(), out = std::move(out)] { self->on_outcome(out); });
}

void ReaderPoller::on_outcome(const PollOutcome& outcome) {
    in_flight_ = false;
    if (stopped_) return;
    if (outcome.result.ok()) {
        backoff_ = std::chrono::milliseconds(0);
        const auto flood = on_round_(outcome);
        if (health_state_.record_success(outcome.at, outcome.latency, flood)) log_state();
        return;
    }
    const auto& err = outcome.result.error();
    if (health_state_.record_failure(outcome.at, err, outcome.latency)) log_state();
    // Back off from a reader that is gone, so that it costs its bus (or the pool) as little as possible.
    const bool link_down = err.kind == bridge::ReaderErrorKind::connect_failed ||
                           (!driver_->is_open() && err.kind != bridge::ReaderErrorKind::decode_error) ||
                           health_state_.state() == ReaderState::offline;
    if (link_down) {
        // Exponential backoff with jitter, so that many readers coming back do not retry in step.
        auto base = backoff_.count() == 0 ? kFirstBackoff : std::min(backoff_ * 2, kMaxBackoff);
        std::uniform_int_distribution<long> spread(0, base.count() / 4);
        backoff_ = base + std::chrono::milliseconds(spread(jitter_));
    }
}

void ReaderPoller::log_state() {
    const auto h = health_state_.snapshot();
    nlohmann::json fields = {{"reader", reader_.id},
                             {"state", to_string(h.state)},
                             {"address", reader_.address},
                             {"unit_id", reader_.unit_id}};
    if (!h.reason.empty()) fields["reason"] = h.reason;
    if (h.state == ReaderState::online) {
        log_.info("reader online", fields);
    } else {
        log_.warn(h.state == ReaderState::offline ? "reader offline" : "reader degraded", fields);
    }
}

}  // namespace casetrail::gateway
