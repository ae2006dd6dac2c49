// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/polling/reader_health.hpp"

#include <algorithm>

namespace casetrail::gateway {

const char* to_string(ReaderState state) {
    switch (state) {
        case ReaderState::online: return "online";
        case ReaderState::degraded: return "degraded";
        case ReaderState::offline: return "offline";
    }
    return "unknown";
}

ReaderHealth::ReaderHealth(std::string reader, std::chrono::system_clock::time_point now, int offline_after)
    : offline_after_(offline_after) {
    snap_.reader = std::move(reader);
    snap_.since = now;
    snap_.reason = "not polled yet";
    latencies_us_.reserve(kLatencies);
}

bool ReaderHealth::set_state(ReaderState s, std::chrono::system_clock::time_point at, std::string reason) {
    snap_.reason = std::move(reason);
    if (s == snap_.state) return false;
    snap_.state = s;
    snap_.since = at;
    return true;
}

void ReaderHealth::note_latency(std::chrono::microseconds latency) {
    if (latencies_us_.size() < kLatencies) {
        latencies_us_.push_back(latency.count());
    } else {
        latencies_us_[latency_next_] = latency.count();
    }
    latency_next_ = (latency_next_ + 1) % kLatencies;
}

bool ReaderHealth::record_success(std::chrono::system_clock::time_point at, std::chrono::microseconds latency,
                                  const std::string& flood) {
    ++snap_.polls;
    if (snap_.state == ReaderState::offline && snap_.polls > 1) ++snap_.reconnects;
    snap_.consecutive_failures = 0;
    snap_.last_good_poll = at;
    recent_failed_[recent_next_] = false;
    recent_flood_[recent_next_] = !flood.empty();
    if (!flood.empty()) last_flood_ = flood;
    recent_next_ = (recent_next_ + 1) % kWindow;
    note_latency(latency);
    const auto failed = std::count(recent_failed_.begin(), recent_failed_.end(), true);
    const auto flooded = std::count(recent_flood_.begin(), recent_flood_.end(), true);
    const auto of_last = " of the last " + std::to_string(kWindow) + " polls";
    std::string reason;
    if (failed > 0) reason = std::to_string(failed) + of_last + " failed";
    if (flooded > 0) {
        // Degraded while the flood lasts, and for a window of polls after: a reader that keeps it up
        // every other round is no less hostile.
        if (!reason.empty()) reason += "; ";
        reason += "EPC flood in " + std::to_string(flooded) + of_last + " (the last: " + last_flood_ + ")";
    }
    const auto state = reason.empty() ? ReaderState::online : ReaderState::degraded;
    return set_state(state, at, std::move(reason));
}

bool ReaderHealth::record_failure(std::chrono::system_clock::time_point at, const bridge::ReaderError& error,
                                  std::chrono::microseconds latency) {
    ++snap_.polls;
    ++snap_.failures;
    ++snap_.consecutive_failures;
    recent_failed_[recent_next_] = true;
    recent_flood_[recent_next_] = false;
    recent_next_ = (recent_next_ + 1) % kWindow;
    switch (error.kind) {
        case bridge::ReaderErrorKind::timeout: ++snap_.timeouts; break;
        case bridge::ReaderErrorKind::crc_error: ++snap_.crc_errors; break;
        case bridge::ReaderErrorKind::decode_error: ++snap_.decode_errors; break;
        case bridge::ReaderErrorKind::modbus_exception: ++snap_.exceptions[error.exception_code]; break;
        default: break;
    }
    if (error.kind != bridge::ReaderErrorKind::connect_failed) note_latency(latency);
    const bool unreachable = error.kind == bridge::ReaderErrorKind::connect_failed;
    const std::string reason = std::string(bridge::to_string(error.kind)) + ": " + error.message;
    if (unreachable || snap_.consecutive_failures >= static_cast<std::uint32_t>(offline_after_)) {
        return set_state(ReaderState::offline, at, reason);
    }
    // Still answering now and then: degraded, unless it was offline (then it stays so until a success).
    if (snap_.state == ReaderState::offline) return set_state(ReaderState::offline, at, reason);
    return set_state(ReaderState::degraded, at, reason);
}

HealthSnapshot ReaderHealth::snapshot() const {
    HealthSnapshot s = snap_;
    if (!latencies_us_.empty()) {
        auto sorted = latencies_us_;
        std::sort(sorted.begin(), sorted.end());
        auto pct = [&](double q) {
            return static_cast<double>(sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))]) /
                   1000.0;
        };
        s.latency_p50_ms = pct(0.5);
        s.latency_p99_ms = pct(0.99);
    }
    return s;
}

}  // namespace casetrail::gateway
