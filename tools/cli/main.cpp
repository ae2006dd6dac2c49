// casetrail: the command-line client of the Casetrail server.

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "casetrail/support/version.hpp"
#include "cli/http_client.hpp"
#include "cli/render.hpp"
#include "support/command_line.hpp"

namespace {

constexpr const char* kUsage = R"(usage: casetrail [--url URL] [--json] COMMAND ...

Commands:
  where ID                    where the dossier is now: shelf, since when, last reader/antenna
  history ID [--limit N] [--before EVENT]
                              its location events, newest first
  readers                     every reader: state (online, degraded, offline), since when, why,
                              poll counters and latency
ID is a case number (2026-CR-0001) or the EPC of one of its tags.

Options:
  --url URL   the server, http://host:port (default: $CASETRAIL_URL, else http://127.0.0.1:8080)
  --json      print the server's JSON answer as it is
  --help      show this help
  --version   show the version

Exit status: 0 found, 1 not found, 2 bad usage or input, 3 server unreachable or failing.
)";

using namespace casetrail;

int report_error(const cli::HttpResult& r) {
    std::string message = "the server answered " + std::to_string(r.status);
    try {
        message = nlohmann::json::parse(r.body).at("error").at("message").get<std::string>();
    } catch (const std::exception&) {
    }
    std::cerr << "casetrail: " << message << "\n";
    if (r.status == 404) return 1;
    if (r.status >= 400 && r.status < 500) return 2;
    return 3;
}

}  // namespace

int main(int argc, char** argv) {
    support::CommandLine cl;
    try {
        cl = support::parse_command_line(argc, argv, {"--url", "--limit", "--before"},
                                         {"--json", "--help", "--version"});
    } catch (const support::UsageError& e) {
        std::cerr << "casetrail: " << e.what() << "\n" << kUsage;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << kUsage;
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << "casetrail " << support::kVersion << "\n";
        return 0;
    }
    const auto& args = cl.positional;
    const bool readers = args.size() == 1 && args[0] == "readers";
    if (!readers && (args.size() != 2 || (args[0] != "where" && args[0] != "history"))) {
        std::cerr << "casetrail: expected `where ID`, `history ID` or `readers`\n" << kUsage;
        return 2;
    }
    if (args[0] == "where" && (cl.option("--limit") || cl.option("--before"))) {
        std::cerr << "casetrail: --limit and --before belong to `history`\n";
        return 2;
    }

    std::string url = "http://127.0.0.1:8080";
    if (const char* env = std::getenv("CASETRAIL_URL"); env && *env) url = env;
    if (auto u = cl.option("--url")) url = *u;

    try {
        const auto server = cli::parse_server_url(url);
        if (readers) {
            const auto r = cli::http_get(server, "/api/v1/readers");
            if (r.status != 200) return report_error(r);
            if (cl.flag("--json")) {
                std::cout << r.body << "\n";
            } else {
                std::cout << cli::render_readers(nlohmann::json::parse(r.body));
            }
            return 0;
        }
        std::string target = "/api/v1/dossiers/" + cli::encode_path_segment(args[1]) +
                             (args[0] == "where" ? "/location" : "/history");
        if (args[0] == "history") {
            std::string q;
            if (auto l = cl.option("--limit")) q += "limit=" + cli::encode_path_segment(*l);
            if (auto b = cl.option("--before")) q += (q.empty() ? "" : "&") + std::string("before=") + cli::encode_path_segment(*b);
            if (!q.empty()) target += "?" + q;
        }
        const auto r = cli::http_get(server, target);
        if (r.status != 200) return report_error(r);
        if (cl.flag("--json")) {
            std::cout << r.body << "\n";
            return 0;
        }
        const auto json = nlohmann::json::parse(r.body);
        std::cout << (args[0] == "where" ? cli::render_where(json) : cli::render_history(json));
        return 0;
    } catch (const std::invalid_argument& e) {
        std::cerr << "casetrail: " << e.what() << "\n";
        return 2;
    } catch (const cli::ConnectionFailed& e) {
        std::cerr << "casetrail: " << e.what() << "\n";
        return 3;
    } catch (const nlohmann::json::exception& e) {
        std::cerr << "casetrail: the server's answer is not the JSON expected: " << e.what() << "\n";
        return 3;
    }
}
