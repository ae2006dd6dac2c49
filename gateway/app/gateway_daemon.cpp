// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/gateway_daemon.hpp"

#include <nlohmann/json.hpp>

#include "common/pg/store_errors.hpp"
#include "common/ready_file.hpp"
#include "gateway/app/startup.hpp"
#include "gateway/store/event_store.hpp"

namespace casetrail::gateway {

namespace {
constexpr std::chrono::seconds kRegisterRetry{2};
constexpr std::chrono::seconds kDrainOnStop{5};
}  // namespace

GatewayDaemon::GatewayDaemon(const GatewayConfig& cfg, const common::Clock& clock, const common::Logger& log)
    : cfg_(cfg), clock_(clock), log_(log), workers_(Pipeline::workers_needed(cfg)), signals_(loop_, SIGINT, SIGTERM),
      // Open the spool first: what it holds happened, whatever the database knows.
      spool_({cfg.spool.dir, cfg.spool.segment_bytes, cfg.spool.max_bytes}, log.child("spool")),
      registry_(cfg.database), core_(cfg.smoothing) {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
        if (!ec) on_signal(signo);
    });
}

// On the way out after an exception too: the running polls and health writes end before anything they
// use goes (shut_down() has joined them already on a clean stop).
GatewayDaemon::~GatewayDaemon() { workers_.join(); }

void GatewayDaemon::on_signal(int signo) {
    log_.info("stopping", {{"signal", signo}});
    stopping_ = true;
    if (pipeline_) pipeline_->stop_polling();
    if (reports_) reports_->stop();
    if (bindings_) bindings_->stop();
    loop_.stop();
}

bool GatewayDaemon::start_up() {
    auto recovered = spool_.take_recovered();
    log_.info("spool opened", {{"dir", cfg_.spool.dir},
                               {"unwritten_events", recovered.size()},
                               {"torn_records_cut", spool_.recovery().torn_records}});
    // Without the database: the local state of the last run, when it matches this configuration.
    auto cached = load_local_state(cfg_.spool.dir + "/state.json", log_);
    if (cached && !matches_config(*cached, cfg_)) cached.reset();
    // The signal handler runs on the loop, so the wait between attempts runs it.
    const auto wait = [this] {
        loop_.restart();
        loop_.run_for(kRegisterRetry);
        return !stopping_;
    };
    auto registration = register_readers(registry_, cfg_, cached, wait, log_);
    if (!registration) return false;

    zones_ = std::make_unique<ZoneMap>(cfg_.readers, registration->antennas, core_);
    const auto present_tags = [this] { return EventStore(cfg_.database).present_tags(zones_->antenna_ids()); };
    const auto seeded_through = seed_core(core_, *zones_, *registration, cached, present_tags, log_);
    auto replay = replay_spool(core_, *zones_, recovered, seeded_through);
    if (replay.undecodable)
        log_.error("spool records that do not decode were skipped", {{"records", replay.undecodable}});
    log_.info("readers registered", {{"readers", cfg_.readers.size()},
                                     {"antennas", registration->antennas.size()},
                                     {"tags_present", core_.tracked_tags()}});

    // Which EPCs are dossiers' tags: what the limits on unbound ones never touch.
    bindings_ =
        std::make_unique<BindingRefresher>(cfg_.database, cfg_.spool.dir + "/bound_epcs.txt",
                                           cfg_.unbound.bindings_refresh, loop_, workers_, log_.child("bindings"));
    PipelineStart start{local_state_of(core_, *zones_, std::move(registration->antennas), spool_.last_seq()),
                        std::move(replay.events), bindings_->load_at_start()};
    pipeline_ = std::make_unique<Pipeline>(cfg_, clock_, log_, loop_, workers_, spool_, health_, core_, *zones_,
                                           std::move(start));
    reports_ = std::make_unique<StatusReports>(cfg_, loop_, workers_, spool_, health_, *pipeline_, registry_,
                                               log_.child("reports"));
    return true;
}

int GatewayDaemon::run(const std::optional<std::string>& ready_file) {
    try {
        if (!start_up()) return 0;
    } catch (const pg::StoreMismatch& e) {
        log_.error("configuration does not match the database", {{"error", e.what()}});
        return 2;
    }
    pipeline_->start();
    reports_->start();
    bindings_->start(
        [this](const std::vector<std::string>& epcs, bool full) { pipeline_->learn_bindings(epcs, full); });
    if (ready_file) common::write_ready_file(*ready_file, {{"readers", cfg_.readers.size()}});
    log_.info("polling", {{"interval_ms", cfg_.poll_interval.count()}});
    loop_.restart();
    loop_.run();
    shut_down();
    return 0;
}

void GatewayDaemon::shut_down() {
    pipeline_->drain(kDrainOnStop);
    reports_->write_status();
    log_.info("stopped", {{"events", pipeline_->rounds().events()},
                          {"written", health_.events_written.load()},
                          {"left_in_spool", pipeline_->unwritten()}});
}

}  // namespace casetrail::gateway
