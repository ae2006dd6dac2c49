// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The gateway's pipeline from readers to PostgreSQL, and which thread owns what:
// - the event loop (the main thread, once start-up is done): the pollers' schedules and the
//   RoundHandler, which alone holds the smoothing core;
// - the worker pool: the pollers' blocking Modbus calls, one strand per TCP reader or serial bus, so that
//   a hanging reader holds only its own; and the reader-health writes (StatusReports);
// - the spooler's thread: appends and fsyncs, and the LocalStateKeeper;
// - the writers' threads: one connection each;
// - shared between threads: GatewayHealth and the SpoolAcknowledger, atomics only.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/clock.hpp"
#include "common/json_log.hpp"
#include "gateway/app/gateway_config.hpp"
#include "gateway/app/local_state.hpp"
#include "gateway/app/unbound_guard.hpp"
#include "gateway/app/zone_map.hpp"
#include "gateway/events/event_spooler.hpp"
#include "gateway/events/event_writer.hpp"
#include "gateway/polling/reader_poller.hpp"
#include "gateway/smoothing/location_smoother.hpp"
#include "gateway/spool/spool.hpp"

namespace casetrail::gateway {

// The spool is acknowledged only up to what both the database and the saved local state hold, so that
// the local state plus the spool always hold every event the database may lack. Any thread.
class SpoolAcknowledger {
public:
    SpoolAcknowledger(spool::Spool& spool, std::uint64_t saved_through) : spool_(spool), saved_(saved_through) {}
    void committed_through(std::uint64_t seq);  // the writers: everything up to seq is in the database
    void saved_through(std::uint64_t seq);      // the local state as of seq is on disk

private:
    void acknowledge();

    spool::Spool& spool_;
    std::atomic<std::uint64_t> committed_{0};
    std::atomic<std::uint64_t> saved_;
};

// The local state (state.json beside the spool) kept in step with what is durably spooled: it follows
// every spooled event and is saved at most every second, and at stop. On the spooler's thread only
// (save() once more after that thread has stopped).
class LocalStateKeeper {
public:
    LocalStateKeeper(std::string path, LocalState initial, SpoolAcknowledger& ack);
    void follow(const std::vector<SpooledEvent>& events);
    void save_if_due();
    void save();

private:
    std::string path_;
    LocalState state_;
    SpoolAcknowledger& ack_;
    std::uint64_t saved_seq_;
    std::chrono::steady_clock::time_point last_save_;
};

// Each decoded inventory round through the smoothing core into event rows, handed to the spooler; the
// reads the core takes in and the events written are those the UnboundGuard lets through. On the event
// loop only.
class RoundHandler {
public:
    RoundHandler(smoothing::LocationSmoother& core, const ZoneMap& zones, const std::vector<ReaderSettings>& readers,
                 smoothing::UnboundTagLimits limits, EventSpooler& spooler, common::Logger log)
        : core_(core), zones_(zones), readers_(readers), guard_(core, readers.size(), limits), spooler_(spooler),
          log_(std::move(log)) {}

    // Returns what the round says of a flood of unbound EPCs at its reader (empty: nothing).
    std::string on_round(const PollOutcome& outcome);
    std::uint64_t rounds() const { return rounds_; }
    const std::vector<std::uint64_t>& rounds_by_reader() const { return by_reader_; }  // by reader index
    std::uint64_t events() const { return events_; }
    std::size_t tags_tracked() const { return core_.tracked_tags(); }
    UnboundGuard& guard() { return guard_; }
    const UnboundGuard& guard() const { return guard_; }

private:
    smoothing::LocationSmoother& core_;
    const ZoneMap& zones_;
    const std::vector<ReaderSettings>& readers_;
    UnboundGuard guard_;
    EventSpooler& spooler_;
    common::Logger log_;
    std::vector<UnboundGuard::Heard> heard_;  // reused: no allocation per round once warm
    std::vector<smoothing::Read> reads_;
    std::set<std::pair<int, int>> unmapped_logged_;
    std::uint64_t rounds_ = 0, events_ = 0;
    std::vector<std::uint64_t> by_reader_ = std::vector<std::uint64_t>(readers_.size(), 0);
};

// What start-up hands to the pipeline.
struct PipelineStart {
    LocalState local_state;            // as of the spool's last record
    std::vector<SpooledEvent> replay;  // spooled, not known to be in the database: written first
    // Every EPC bound to a volume (the database's, or its cached answer); nullopt: not known yet.
    std::optional<std::vector<std::string>> bound_epcs;
};

class Pipeline {
public:
    // `workers` must outlive the event loop's pending handlers, which hold the pollers and their strands.
    Pipeline(const GatewayConfig& cfg, const common::Clock& clock, const common::Logger& log,
             boost::asio::io_context& loop, boost::asio::thread_pool& workers, spool::Spool& spool,
             GatewayHealth& health, smoothing::LocationSmoother& core, const ZoneMap& zones, PipelineStart start);
    ~Pipeline();

    // Writers, spooler, then the pollers' first polls.
    void start();
    // On the event loop: no more polls are scheduled (those running finish on the workers).
    void stop_polling();
    // After the event loop stopped: the running polls finish (bounded by the reader timeout), everything
    // derived is spooled, the local state saved, and the writers get `deadline` to write what is queued;
    // what they cannot stays in the spool for the next start.
    void drain(std::chrono::milliseconds deadline);

    const std::vector<std::shared_ptr<ReaderPoller>>& pollers() const { return pollers_; }
    const RoundHandler& rounds() const { return rounds_; }
    // On the event loop: what the database says is bound (binding_refresh.hpp).
    void learn_bindings(const std::vector<std::string>& epcs, bool full) { rounds_.guard().learn_bindings(epcs, full); }
    std::size_t unwritten() const { return writer_.queued(); }  // spooled, not yet committed

    // One worker per line (TCP reader or serial bus), so that a hanging reader holds only its own.
    static std::size_t workers_needed(const GatewayConfig& cfg);

private:
    void make_pollers(boost::asio::io_context& loop, const common::Clock& clock, const common::Logger& log);

    const GatewayConfig& cfg_;
    GatewayHealth& health_;
    SpoolAcknowledger ack_;
    LocalStateKeeper local_state_;
    EventWriter writer_;
    EventSpooler spooler_;
    RoundHandler rounds_;
    std::vector<SpooledEvent> replay_;
    boost::asio::thread_pool& workers_;
    std::vector<std::shared_ptr<ReaderPoller>> pollers_;
};

}  // namespace casetrail::gateway
