// casetrail-server: the API server, and the `migrate` subcommand that brings the schema up to date.

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/command_line.hpp"
#include "common/config_reader.hpp"
#include "common/pg/connection_pool.hpp"
#include "common/pg/store_errors.hpp"
#include "common/ready_file.hpp"
#include "common/version.hpp"
#include "server/app/offset_clock.hpp"
#include "server/app/server_config.hpp"
#include "server/delivery/webhook_dispatcher.hpp"
#include "server/domain/auth_service.hpp"
#include "server/domain/custody_service.hpp"
#include "server/domain/dossier_service.hpp"
#include "server/domain/errors.hpp"
#include "server/domain/location_service.hpp"
#include "server/domain/reader_service.hpp"
#include "server/http/api_routes.hpp"
#include "server/http/http_server.hpp"
#include "server/rules/rule_engine.hpp"
#include "server/store/auth_store.hpp"
#include "server/store/custody_store.hpp"
#include "server/store/dossier_store.hpp"
#include "server/store/import_store.hpp"
#include "server/store/location_store.hpp"
#include "server/store/migrations.hpp"
#include "server/store/reader_store.hpp"
#include "server/store/rule_store.hpp"
#include "server/store/stocktake_store.hpp"
#include "server/store/webhook_store.hpp"

namespace {

constexpr const char* kUsage = R"(usage: casetrail-server COMMAND --config FILE [options]

Commands:
  serve     run the HTTP/JSON API (see README.md for the routes)
  migrate   apply the schema migrations this build ships (schema/*.sql); re-running is a no-op
  set-password --login LOGIN
            set a person's password, read from the first line of standard input (the way to the
            first admin's login; the change is written to the audit trail)

Options:
  --config FILE      server configuration (see config/server.example.json)
  --ready-file FILE  (serve) once listening, write {"http_port":..} here
  --clock-file FILE  (serve, for tests) run the server's clock ahead by the seconds written in FILE
  --help             show this help
  --version          show the version
)";

using namespace casetrail;

int run_migrate(const app::ServerConfig& cfg, const common::Logger& log) {
    const auto report = store::migrate(cfg.database, store::embedded_migrations(), log);
    log.info("schema up to date", {{"applied", report.applied}, {"already_applied", report.already_there.size()}});
    return 0;
}

int run_set_password(const app::ServerConfig& cfg, const std::optional<std::string>& login) {
    if (!login) {
        std::cerr << "casetrail-server: set-password needs --login LOGIN\n";
        return 2;
    }
    std::string password;
    if (!std::getline(std::cin, password)) {
        std::cerr << "casetrail-server: no password on standard input\n";
        return 2;
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    pg::ConnectionPool pool(cfg.database, 1);
    const common::SystemClock clock;
    store::AuthStore auth_store(pool);
    domain::AuthService auth(auth_store, clock, cfg.auth);
    try {
        auth.set_password_locally(*login, password);
    } catch (const domain::InvalidArgument& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n";
        return 2;
    } catch (const domain::NotFound& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n";
        return 4;
    }
    std::cout << "password set for " << *login << "\n";
    return 0;
}

int run_serve(const app::ServerConfig& cfg, const common::Logger& log, const std::optional<std::string>& ready,
              const std::optional<std::string>& clock_file) {
    pg::ConnectionPool pool(cfg.database, static_cast<std::size_t>(cfg.db_pool_size));
    const common::SystemClock system_clock;
    std::optional<app::FileOffsetClock> moved_clock;
    if (clock_file) moved_clock.emplace(*clock_file);
    const common::Clock& clock = moved_clock ? static_cast<const common::Clock&>(*moved_clock) : system_clock;
    http::ApiStack stack(pool, clock, cfg.auth);
    http::Router router(log.child("http"));
    http::add_api_routes(router, stack);

    // Handovers not confirmed in time are recorded as expired as soon as that time passes (every read of
    // custody does it too), and logged.
    std::mutex sweep_mutex;
    std::condition_variable_any sweep_wake;
    std::jthread sweeper([&](std::stop_token stop) {
        while (!stop.stop_requested()) {
            try {
                for (const auto& h : stack.custody_store.expire_overdue()) {
                    log.warn("handover not confirmed in time", {{"handover", h.id}, {"case_number", h.case_number},
                                                                {"from", h.from}, {"to", h.to}});
                }
            } catch (const std::exception& e) {
                log.debug("handover sweep skipped", {{"error", e.what()}});
            }
            std::unique_lock lock(sweep_mutex);
            sweep_wake.wait_for(lock, stop, std::chrono::seconds(10), [] { return false; });
        }
    });

    // The rules: a step over new location events every few hundred ms, a sweep of every rule at the set
    // interval; notices they write ring the bell the WebSocket streams listen to.
    store::RuleStore rule_store(pool);
    rules::RuleEngine engine(rule_store, clock, cfg.rules, cfg.source, log.child("rules"), [&stack] { stack.bell.ring(); });
    try {
        engine.load_settings();  // an override naming no unit stops the start here, with its name
    } catch (const pg::StoreUnavailable& e) {
        log.warn("rules settings not loaded yet: database unavailable", {{"error", e.what()}});
    }
    std::jthread rules_thread([&engine](std::stop_token stop) { engine.run(stop); });

    store::WebhookStore webhook_store(pool);
    delivery::WebhookDispatcher dispatcher(webhook_store, cfg.webhooks, log.child("webhooks"));
    std::optional<std::jthread> webhook_thread;
    if (!cfg.webhooks.empty()) webhook_thread.emplace([&dispatcher](std::stop_token stop) { dispatcher.run(stop, 250); });

    http::HttpServer server(cfg.http, router, log.child("http"), &stack.alerts);
    const auto port = server.listen();
    log.info("listening", {{"host", cfg.http.host},
                           {"port", port},
                           {"database_reachable", pg::database_reachable(pool)}});
    if (ready) common::write_ready_file(*ready, {{"http_port", port}});
    server.run();
    // No more rings or deliveries while the server's sessions are torn down.
    rules_thread.request_stop();
    rules_thread.join();
    if (webhook_thread) {
        webhook_thread->request_stop();
        webhook_thread->join();
    }
    log.info("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    common::CommandLine cl;
    try {
        cl = common::parse_command_line(argc, argv, {"--config", "--ready-file", "--clock-file", "--login"}, {"--help", "--version"});
    } catch (const common::UsageError& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << kUsage;
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << "casetrail-server " << common::kVersion << "\n";
        return 0;
    }
    if (cl.positional.size() != 1 ||
        (cl.positional[0] != "serve" && cl.positional[0] != "migrate" && cl.positional[0] != "set-password")) {
        std::cerr << "casetrail-server: give one command, serve, migrate or set-password\n" << kUsage;
        return 2;
    }
    if (!cl.option("--config")) {
        std::cerr << "casetrail-server: --config FILE is required\n" << kUsage;
        return 2;
    }
    app::ServerConfig cfg;
    try {
        cfg = app::load_server_config(*cl.option("--config"));
    } catch (const common::ConfigError& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n";
        return 2;
    }
    common::Logger log("server", cfg.log_level);
    try {
        if (cl.positional[0] == "migrate") return run_migrate(cfg, log);
        if (cl.positional[0] == "set-password") return run_set_password(cfg, cl.option("--login"));
        return run_serve(cfg, log, cl.option("--ready-file"), cl.option("--clock-file"));
    } catch (const common::ConfigError& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n";
        return 2;
    } catch (const pg::StoreUnavailable& e) {
        log.error("database unavailable", {{"error", e.what()}});
        return 3;
    } catch (const std::exception& e) {
        log.error("fatal", {{"error", e.what()}});
        return 1;
    }
}
