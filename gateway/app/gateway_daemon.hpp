// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The casetrail-gateway daemon, in named phases: start_up() (open the spool, register the readers, seed
// the smoothing core, replay the spool), then the pipeline with its reports on the event loop until
// SIGINT/SIGTERM, then shut_down() (polls finish, everything derived is spooled and the writers get a
// moment to write it). Which thread owns what: gateway/app/pipeline.hpp.

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/clock.hpp"
#include "common/json_log.hpp"
#include "gateway/app/binding_refresh.hpp"
#include "gateway/app/gateway_config.hpp"
#include "gateway/app/pipeline.hpp"
#include "gateway/app/status_reports.hpp"
#include "gateway/app/zone_map.hpp"
#include "gateway/smoothing/location_smoother.hpp"
#include "gateway/spool/spool.hpp"
#include "gateway/store/reader_registry.hpp"

namespace casetrail::gateway {

class GatewayDaemon {
public:
    GatewayDaemon(const GatewayConfig& cfg, const common::Clock& clock, const common::Logger& log);
    ~GatewayDaemon();

    // Runs until SIGINT/SIGTERM. Returns the process exit code (0 clean; 2 the config does not match the
    // database, e.g. an unknown location code).
    int run(const std::optional<std::string>& ready_file);

private:
    // false when told to stop before the pipeline could start.
    bool start_up();
    void on_signal(int signo);
    void shut_down();

    const GatewayConfig& cfg_;
    const common::Clock& clock_;
    const common::Logger& log_;
    // Declared before the event loop: the loop's pending handlers hold pollers and their strands.
    boost::asio::thread_pool workers_;
    boost::asio::io_context loop_{1};
    boost::asio::signal_set signals_;
    bool stopping_ = false;
    spool::Spool spool_;
    ReaderRegistry registry_;
    smoothing::LocationSmoother core_;
    GatewayHealth health_;
    std::unique_ptr<ZoneMap> zones_;
    std::unique_ptr<BindingRefresher> bindings_;
    std::unique_ptr<Pipeline> pipeline_;
    std::unique_ptr<StatusReports> reports_;
};

}  // namespace casetrail::gateway
