// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/pipeline.hpp"

#include <algorithm>
#include <map>

#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

#include "gateway/app/event_rows.hpp"

namespace casetrail::gateway {

namespace net = boost::asio;

namespace {
constexpr std::chrono::seconds kStateEvery{1};
}  // namespace

void SpoolAcknowledger::committed_through(std::uint64_t seq) {
    std::uint64_t cur = committed_.load();
    while (seq > cur && !committed_.compare_exchange_weak(cur, seq)) {}
    acknowledge();
}

void SpoolAcknowledger::saved_through(std::uint64_t seq) {
    saved_ = seq;
    acknowledge();
}

// The spool ignores an older mark arriving after a newer one.
void SpoolAcknowledger::acknowledge() { spool_.ack(std::min(committed_.load(), saved_.load())); }

LocalStateKeeper::LocalStateKeeper(std::string path, LocalState initial, SpoolAcknowledger& ack)
    : path_(std::move(path)), state_(std::move(initial)), ack_(ack), saved_seq_(state_.seq) {
    save_local_state(path_, state_);
    last_save_ = std::chrono::steady_clock::now();
}

void LocalStateKeeper::follow(const std::vector<SpooledEvent>& events) {
    for (const auto& e : events) {
        if (leaves_place(e.row.kind)) {
            state_.positions.erase(e.row.epc);
        } else {
            state_.positions[e.row.epc] = e.row.antenna_id;
        }
        state_.seq = e.seq;
    }
}

void LocalStateKeeper::save_if_due() {
    if (state_.seq > saved_seq_ && std::chrono::steady_clock::now() - last_save_ >= kStateEvery) save();
}

void LocalStateKeeper::save() {
    save_local_state(path_, state_);
    saved_seq_ = state_.seq;
    ack_.saved_through(saved_seq_);
    last_save_ = std::chrono::steady_clock::now();
}

std::string RoundHandler::on_round(const PollOutcome& outcome) {
    ++rounds_;
    ++by_reader_[static_cast<std::size_t>(outcome.reader)];
    heard_.clear();
    for (const auto& t : outcome.result.value().tags) {
        const auto zone = zones_.at(outcome.reader, t.antenna);
        if (!zone) {
            if (unmapped_logged_.insert({outcome.reader, t.antenna}).second) {
                log_.warn("reads on an antenna with no location; ignored",
                          {{"reader", readers_[static_cast<std::size_t>(outcome.reader)].id}, {"antenna", t.antenna}});
            }
            continue;
        }
        heard_.push_back({&t.epc, *zone, t.rssi_decidbm, t.read_count});
    }
    guard_.take_round(outcome.reader, outcome.at, heard_, reads_);
    std::vector<EventRow> rows;
    for (const auto& e : core_.on_round(outcome.reader, outcome.at, reads_)) {
        if (!guard_.keep(e, outcome.at)) continue;
        rows.push_back(to_row(e, core_.epc(e.tag), zones_));
        log_.debug("location event",
                   {{"kind", rows.back().kind}, {"epc", rows.back().epc}, {"location_id", rows.back().location_id}});
    }
    events_ += rows.size();
    spooler_.enqueue(std::move(rows));
    return guard_.flood_of_round(outcome.reader);
}

std::size_t Pipeline::workers_needed(const GatewayConfig& cfg) {
    std::set<std::string> lines;
    for (const auto& r : cfg.readers) lines.insert(r.rtu ? r.rtu->device : r.id);
    return std::clamp<std::size_t>(lines.size(), 1, 64);
}

Pipeline::Pipeline(const GatewayConfig& cfg, const common::Clock& clock, const common::Logger& log,
                   net::io_context& loop, net::thread_pool& workers, spool::Spool& spool, GatewayHealth& health,
                   smoothing::LocationSmoother& core, const ZoneMap& zones, PipelineStart start)
    : cfg_(cfg), health_(health), ack_(spool, start.local_state.seq),
      local_state_(cfg.spool.dir + "/state.json", std::move(start.local_state), ack_),
      writer_(
          cfg.database, [this](std::uint64_t seq) { ack_.committed_through(seq); }, cfg.writer, health,
          log.child("writer")),
      spooler_(
          spool, cfg.spool, health,
          [this](std::vector<SpooledEvent> events) {
              local_state_.follow(events);
              writer_.enqueue(std::move(events));
          },
          log.child("spool"), [this] { local_state_.save_if_due(); }),
      rounds_(core, zones, cfg.readers, cfg.unbound.limits, spooler_, log), replay_(std::move(start.replay)),
      workers_(workers) {
    if (start.bound_epcs) rounds_.guard().learn_bindings(*start.bound_epcs, true);
    make_pollers(loop, clock, log);
}

Pipeline::~Pipeline() = default;

void Pipeline::make_pollers(net::io_context& loop, const common::Clock& clock, const common::Logger& log) {
    // Each serial bus is opened once and its readers take turns on one strand; TCP readers run in parallel.
    std::map<std::string, std::pair<std::shared_ptr<bridge::ModbusLink>, ReaderPoller::Strand>> buses;
    const auto on_round = [this](const PollOutcome& outcome) { return rounds_.on_round(outcome); };
    for (std::size_t i = 0; i < cfg_.readers.size(); ++i) {
        const auto& r = cfg_.readers[i];
        std::shared_ptr<bridge::ModbusLink> link;
        auto strand = net::make_strand(workers_);
        if (r.rtu) {
            auto [it, fresh] = buses.try_emplace(r.rtu->device, nullptr, strand);
            if (fresh) it->second.first = bridge::make_rtu_link(*r.rtu);
            link = it->second.first;
            strand = it->second.second;
        } else {
            link = bridge::make_tcp_link(r.host, r.port, r.timeout);
        }
        pollers_.push_back(std::make_shared<ReaderPoller>(
            loop, strand, static_cast<int>(i), PolledReader{r.id, r.address(), r.unit_id}, cfg_.poll_interval,
            bridge::make_modbus_driver(link, r.unit_id, r.profile), clock, health_.polling_paused, on_round,
            log.child("poller")));
    }
}

void Pipeline::start() {
    writer_.enqueue(std::move(replay_));
    writer_.start();
    spooler_.start();
    for (auto& p : pollers_) p->start();
}

void Pipeline::stop_polling() {
    for (auto& p : pollers_) p->stop();
}

void Pipeline::drain(std::chrono::milliseconds deadline) {
    workers_.join();
    spooler_.stop();
    local_state_.save();
    writer_.stop(deadline);
}

}  // namespace casetrail::gateway
