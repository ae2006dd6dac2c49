// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/status_reports.hpp"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "common/ready_file.hpp"
#include "common/time_format.hpp"

namespace casetrail::gateway {

namespace net = boost::asio;

namespace {
constexpr std::chrono::milliseconds kFirstHealthReport{200};
}  // namespace

ReaderHealthRow health_row(const HealthSnapshot& h) {
    ReaderHealthRow r;
    r.reader_code = h.reader;
    r.state = to_string(h.state);
    r.since_us = common::to_epoch_us(h.since);
    r.reason = h.reason;
    if (h.last_good_poll) r.last_good_poll_us = common::to_epoch_us(*h.last_good_poll);
    r.consecutive_failures = h.consecutive_failures;
    r.polls = static_cast<std::int64_t>(h.polls);
    r.failures = static_cast<std::int64_t>(h.failures);
    r.timeouts = static_cast<std::int64_t>(h.timeouts);
    r.crc_errors = static_cast<std::int64_t>(h.crc_errors);
    r.decode_errors = static_cast<std::int64_t>(h.decode_errors);
    r.reconnects = static_cast<std::int64_t>(h.reconnects);
    nlohmann::json ex = nlohmann::json::object();
    for (const auto& [code, n] : h.exceptions) ex[std::to_string(code)] = n;
    r.exceptions_json = ex.dump();
    r.latency_p50_ms = h.latency_p50_ms;
    r.latency_p99_ms = h.latency_p99_ms;
    return r;
}

StatusReports::StatusReports(const GatewayConfig& cfg, net::io_context& loop, net::thread_pool& workers,
                             const spool::Spool& spool, const GatewayHealth& health, const Pipeline& pipeline,
                             ReaderRegistry& registry, common::Logger log)
    : cfg_(cfg), workers_(workers), spool_(spool), health_(health), pipeline_(pipeline), registry_(registry),
      log_(std::move(log)), status_path_(cfg.spool.dir + "/status.json"), status_timer_(loop), health_timer_(loop) {}

void StatusReports::start() {
    status_tick();
    health_timer_.expires_after(kFirstHealthReport);
    health_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) health_tick();
    });
}

void StatusReports::stop() {
    status_timer_.cancel();
    health_timer_.cancel();
}

void StatusReports::write_status() const {
    const char* state = health_.polling_paused ? "full" : (health_.spool_warning ? "warning" : "ok");
    nlohmann::json reader_rounds = nlohmann::json::object();
    const auto& by_reader = pipeline_.rounds().rounds_by_reader();
    for (std::size_t i = 0; i < cfg_.readers.size(); ++i) reader_rounds[cfg_.readers[i].id] = by_reader[i];
    common::write_ready_file(status_path_, {{"spool", state},
                                            {"spool_bytes", spool_.bytes_used()},
                                            {"spool_cap_bytes", spool_.max_bytes()},
                                            {"database", health_.database_ok ? "ok" : "unavailable"},
                                            {"rounds", pipeline_.rounds().rounds()},
                                            {"reader_rounds", reader_rounds},
                                            {"events_derived", pipeline_.rounds().events()},
                                            {"events_spooled", health_.events_spooled.load()},
                                            {"events_written", health_.events_written.load()},
                                            {"events_queued", pipeline_.unwritten()},
                                            {"tags_tracked", pipeline_.rounds().tags_tracked()},
                                            {"unbound_tags", unbound_status()},
                                            {"ts", common::format_utc(std::chrono::system_clock::now())}});
}

// Per reader: the unbound tags it holds in the core, and what the limits turned away (since the start).
nlohmann::json StatusReports::unbound_status() const {
    const auto& guard = pipeline_.rounds().guard();
    const auto& limits = guard.limiter().limits();
    nlohmann::json readers = nlohmann::json::object();
    for (std::size_t i = 0; i < cfg_.readers.size(); ++i) {
        const auto& st = guard.limiter().stats(static_cast<int>(i));
        readers[cfg_.readers[i].id] = {{"tracked", st.tracked},
                                       {"refused", st.refused},
                                       {"evicted", st.evicted},
                                       {"evicted_recently_heard", st.churned},
                                       {"events_dropped", st.events_dropped}};
    }
    return {{"max_tracked", limits.max_tracked},
            {"events_per_minute", static_cast<std::int64_t>(limits.events_per_minute)},
            {"bound_epcs", guard.bound().size()},
            {"bindings_known", guard.bound().known()},
            {"readers", readers}};
}

void StatusReports::status_tick() {
    write_status();
    status_timer_.expires_after(cfg_.status_interval);
    status_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) status_tick();
    });
}

void StatusReports::health_tick() {
    if (!health_writing_.exchange(true)) {
        std::vector<ReaderHealthRow> rows;
        for (const auto& p : pipeline_.pollers()) rows.push_back(health_row(p->health()));
        net::post(workers_, [this, rows = std::move(rows)] {
            try {
                registry_.report_health(rows);
            } catch (const std::exception& e) {
                log_.debug("reader health not reported", {{"error", e.what()}});
            }
            health_writing_ = false;
        });
    }
    health_timer_.expires_after(cfg_.health_report_interval);
    health_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) health_tick();
    });
}

}  // namespace casetrail::gateway
