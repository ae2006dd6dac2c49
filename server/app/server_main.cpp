// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// casetrail-server: the API server, and the `migrate` subcommand that brings the schema up to date.

#include <cstdlib>
#include <iostream>
#include <string_view>

#include "common/build_info.hpp"
#include "common/command_line.hpp"
#include "common/config_reader.hpp"
#include "common/pg/connection_pool.hpp"
#include "common/pg/store_errors.hpp"
#include "server/app/offset_clock.hpp"
#include "server/app/server_config.hpp"
#include "server/app/server_daemon.hpp"
#include "server/domain/auth_service.hpp"
#include "server/domain/errors.hpp"
#include "server/store/auth_store.hpp"
#include "server/store/migrations.hpp"

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
  --clock-file FILE  (serve, a test hook) run the server's clock ahead by the seconds written in FILE
                     (at most 5 years either way); refused unless CASETRAIL_TEST_CLOCK=1 is set
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

// The moved clock is for tests only: a production server must never take its time from a file (anyone
// who could write it would expire handovers and raise or silence deadlines). One binary serves both, so
// the tests run what ships; the switch is an environment variable a service unit does not set.
bool test_clock_allowed() {
    const char* value = std::getenv(app::kTestClockSwitch);
    return value != nullptr && std::string_view(value) == "1";
}

int run_serve(const app::ServerConfig& cfg, const common::Logger& log, const std::optional<std::string>& ready,
              const std::optional<std::string>& clock_file) {
    const common::SystemClock system_clock;
    std::optional<app::FileOffsetClock> moved_clock;
    if (clock_file) moved_clock.emplace(*clock_file, log.child("clock"));
    const common::Clock& clock = moved_clock ? static_cast<const common::Clock&>(*moved_clock) : system_clock;
    app::ServerDaemon daemon(cfg, clock, log);
    return daemon.run(ready);
}

}  // namespace

int main(int argc, char** argv) {
    common::CommandLine cl;
    try {
        cl = common::parse_command_line(argc, argv, {"--config", "--ready-file", "--clock-file", "--login"},
                                        {"--help", "--version"});
    } catch (const common::UsageError& e) {
        std::cerr << "casetrail-server: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << kUsage;
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << common::version_line("casetrail-server") << "\n";
        return 0;
    }
    if (cl.positional.size() != 1 ||
        (cl.positional[0] != "serve" && cl.positional[0] != "migrate" && cl.positional[0] != "set-password")) {
        std::cerr << "casetrail-server: give one command, serve, migrate or set-password\n" << kUsage;
        return 2;
    }
    if (cl.option("--clock-file") && !test_clock_allowed()) {
        std::cerr << "casetrail-server: --clock-file is a test hook, refused: set " << app::kTestClockSwitch
                  << "=1 to use it (tests only, never in production)\n";
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
