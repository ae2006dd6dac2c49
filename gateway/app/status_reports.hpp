// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// What the gateway tells about itself, on event-loop timers: the status file beside the spool
// (spool/status.json: the spool's level and state, whether the database takes events, the counts of
// rounds and events), every status_interval; and each reader's health to PostgreSQL every
// health_report_interval, written on the worker pool one write at a time, so that a slow database never
// holds up the loop.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json_fwd.hpp>

#include "common/json_log.hpp"
#include "gateway/app/gateway_config.hpp"
#include "gateway/app/pipeline.hpp"
#include "gateway/events/event_spooler.hpp"
#include "gateway/polling/reader_health.hpp"
#include "gateway/spool/spool.hpp"
#include "gateway/store/reader_registry.hpp"

namespace casetrail::gateway {

// A reader's health as its row in reader_health.
ReaderHealthRow health_row(const HealthSnapshot& h);

class StatusReports {
public:
    StatusReports(const GatewayConfig& cfg, boost::asio::io_context& loop, boost::asio::thread_pool& workers,
                  const spool::Spool& spool, const GatewayHealth& health, const Pipeline& pipeline,
                  ReaderRegistry& registry, common::Logger log);

    void start();               // on the event loop
    void stop();                // on the event loop: the timers end
    void write_status() const;  // on the event loop, or once more after it stopped

private:
    void status_tick();
    nlohmann::json unbound_status() const;
    void health_tick();

    const GatewayConfig& cfg_;
    boost::asio::thread_pool& workers_;
    const spool::Spool& spool_;
    const GatewayHealth& health_;
    const Pipeline& pipeline_;
    ReaderRegistry& registry_;
    common::Logger log_;
    std::string status_path_;
    boost::asio::steady_timer status_timer_, health_timer_;
    std::atomic<bool> health_writing_{false};
};

}  // namespace casetrail::gateway
