// casetrail-server: the API server, and the `migrate` subcommand that brings the schema up to date.

#include <iostream>

#include <nlohmann/json.hpp>

#include "app/server_config.hpp"
#include "casetrail/support/version.hpp"
#include "domain/location_service.hpp"
#include "http/http_server.hpp"
#include "domain/reader_service.hpp"
#include "http/location_routes.hpp"
#include "http/reader_routes.hpp"
#include "http/system_routes.hpp"
#include "store/connection_pool.hpp"
#include "store/errors.hpp"
#include "store/location_store.hpp"
#include "store/reader_store.hpp"
#include "store/migrations.hpp"
#include "support/command_line.hpp"
#include "support/config_reader.hpp"
#include "support/ready_file.hpp"

namespace {

constexpr const char* kUsage = R"(usage: casetrail-server COMMAND --config FILE [options]

Commands:
  serve     run the HTTP/JSON API (see README.md for the routes)
  migrate   apply the schema migrations this build ships (schema/*.sql); re-running is a no-op

Options:
  --config FILE      server configuration (see config/server.example.json)
  --ready-file FILE  (serve) once listening, write {"http_port":..} here
  --help             show this help
  --version          show the version
)";

using namespace casetrail;

int run_migrate(const app::ServerConfig& cfg, const support::Logger& log) {
    const auto report = store::migrate(cfg.database, store::embedded_migrations(), log);
    log.info("schema up to date", {{"applied", report.applied}, {"already_applied", report.already_there.size()}});
    return 0;
}

int run_serve(const app::ServerConfig& cfg, const support::Logger& log, const std::optional<std::string>& ready) {
    store::ConnectionPool pool(cfg.database, static_cast<std::size_t>(cfg.db_pool_size));
    store::LocationStore locations(pool);
    domain::LocationService location_service(locations);
    store::ReaderStore readers(pool);
    domain::ReaderService reader_service(readers);

    http::Router router(log.child("http"));
    http::add_system_routes(router, pool);
    http::add_location_routes(router, location_service);
    http::add_reader_routes(router, reader_service);

    http::HttpServer server(cfg.http, router, log.child("http"));
    const auto port = server.listen();
    log.info("listening", {{"host", cfg.http.host},
                           {"port", port},
                           {"database_reachable", store::database_reachable(pool)}});
    if (ready) support::write_ready_file(*ready, {{"http_port", port}});
    server.run();
    log.info("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    support::CommandLine cl;
    try {
        cl = support::parse_command_line(argc, argv, {"--config", "--ready-file"}, {"--help", "--version"});
    } catch (const support::UsageError& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << kUsage;
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << "casetrail-server " << support::kVersion << "\n";
        return 0;
    }
    if (cl.positional.size() != 1 || (cl.positional[0] != "serve" && cl.positional[0] != "migrate")) {
        std::cerr << "casetrail-server: give one command, serve or migrate\n" << kUsage;
        return 2;
    }
    if (!cl.option("--config")) {
        std::cerr << "casetrail-server: --config FILE is required\n" << kUsage;
        return 2;
    }
    app::ServerConfig cfg;
    try {
        cfg = app::load_server_config(*cl.option("--config"));
    } catch (const support::ConfigError& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n";
        return 2;
    }
    support::Logger log("server", cfg.log_level);
    try {
        if (cl.positional[0] == "migrate") return run_migrate(cfg, log);
        return run_serve(cfg, log, cl.option("--ready-file"));
    } catch (const store::StoreUnavailable& e) {
        log.error("database unavailable", {{"error", e.what()}});
        return 3;
    } catch (const std::exception& e) {
        log.error("fatal", {{"error", e.what()}});
        return 1;
    }
}
