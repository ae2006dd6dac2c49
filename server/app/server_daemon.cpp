// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/app/server_daemon.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/pg/store_errors.hpp"
#include "common/ready_file.hpp"
#include "server/app/api_stack.hpp"
#include "server/delivery/webhook_dispatcher.hpp"
#include "server/domain/dossier_change_feed.hpp"
#include "server/http/http_server.hpp"
#include "server/rules/rule_engine.hpp"
#include "server/store/change_store.hpp"
#include "server/store/rule_store.hpp"
#include "server/store/webhook_store.hpp"

namespace casetrail::app {

namespace {
constexpr std::chrono::seconds kHandoverSweepEvery{10};
constexpr int kWebhookPollMs = 250;
// Dossier pages hear of a change within this (and their own fetch): well inside the 2 s a user waits.
constexpr std::chrono::milliseconds kChangesEvery{400};
}  // namespace

// Members in the order they are built; destroyed in reverse.
struct ServerDaemon::Parts {
    Parts(const ServerConfig& c, const common::Clock& clock, const common::Logger& l)
        : cfg(c), log(l), pool(c.database, static_cast<std::size_t>(c.db_pool_size)), stack(pool, clock, c.auth),
          router(l.child("http")), rule_store(pool),
          engine(rule_store, clock, c.rules, c.source, l.child("rules"), [this] { stack.bell.ring(); }),
          webhook_store(pool), dispatcher(webhook_store, c.webhooks, l.child("webhooks")), change_store(pool),
          changes(change_store, l.child("changes")),
          change_streams{changes, [this](const domain::Principal& who, const std::string& ident) {
                             http::RouteParams params;
                             params.path["id"] = ident;
                             router.check_scope(who, "/api/v1/dossiers/{id}", params);
                             const auto found = stack.locations.find(ident).first;
                             return std::pair<std::int64_t, std::string>(found.id, found.case_number);
                         }} {}

    // Handovers not confirmed in time are recorded as expired as soon as that time passes (every read of
    // custody does it too), and logged. On its own thread.
    void sweep_handovers(std::stop_token stop) {
        std::mutex m;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            try {
                for (const auto& h : stack.custody.expire_overdue()) {
                    log.warn("handover not confirmed in time",
                             {{"handover", h.id}, {"case_number", h.case_number}, {"from", h.from}, {"to", h.to}});
                }
            } catch (const std::exception& e) {
                log.debug("handover sweep skipped", {{"error", e.what()}});
            }
            std::unique_lock lock(m);
            wake.wait_for(lock, stop, kHandoverSweepEvery, [] { return false; });
        }
    }

    const ServerConfig& cfg;
    const common::Logger& log;
    pg::ConnectionPool pool;
    ApiStack stack;
    http::Router router;
    store::RuleStore rule_store;
    rules::RuleEngine engine;
    store::WebhookStore webhook_store;
    delivery::WebhookDispatcher dispatcher;
    store::ChangeStore change_store;
    domain::DossierChangeFeed changes;
    http::DossierChangeStreams change_streams;
};

ServerDaemon::ServerDaemon(const ServerConfig& cfg, const common::Clock& clock, const common::Logger& log)
    : parts_(std::make_unique<Parts>(cfg, clock, log)) {
    auto& p = *parts_;
    http::add_api_routes(p.router, p.stack.services());
    p.stack.health.read_progress_from([&engine = p.engine, &dispatcher = p.dispatcher] {
        return domain::EngineProgress{engine.sweeps_done(), engine.steps_done(), engine.sweeps_started(),
                                      engine.steps_started(), dispatcher.passes_done()};
    });
    try {
        p.engine.load_settings();  // an override naming no unit stops the start here, with its name
    } catch (const pg::StoreUnavailable& e) {
        log.warn("rules settings not loaded yet: database unavailable", {{"error", e.what()}});
    }
}

ServerDaemon::~ServerDaemon() = default;

int ServerDaemon::run(const std::optional<std::string>& ready_file) {
    auto& p = *parts_;
    std::jthread handovers([&p](std::stop_token stop) { p.sweep_handovers(stop); });
    // The rules: a step over new location events every few hundred ms, a sweep of every rule at the set
    // interval; notices they write ring the bell the WebSocket streams listen to.
    std::jthread rules([&p](std::stop_token stop) { p.engine.run(stop); });
    std::optional<std::jthread> webhooks;
    if (!p.cfg.webhooks.empty()) {
        webhooks.emplace([&p](std::stop_token stop) { p.dispatcher.run(stop, kWebhookPollMs); });
    }

    std::jthread changes([&p](std::stop_token stop) { p.changes.run(stop, kChangesEvery); });

    http::HttpServer server(p.cfg.http, p.router, p.log.child("http"), &p.stack.alerts, &p.change_streams);
    const auto port = server.listen();
    p.log.info(
        "listening",
        {{"host", p.cfg.http.host}, {"port", port}, {"database_reachable", p.stack.health.database_reachable()}});
    if (ready_file) common::write_ready_file(*ready_file, {{"http_port", port}});
    server.run();
    // No more rings or deliveries while the server's sessions are torn down.
    rules.request_stop();
    rules.join();
    changes.request_stop();
    changes.join();
    if (webhooks) {
        webhooks->request_stop();
        webhooks->join();
    }
    p.log.info("stopped");
    return 0;
}

}  // namespace casetrail::app
