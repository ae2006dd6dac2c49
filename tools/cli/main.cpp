// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// casetrail: the command-line client of the Casetrail server.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common/build_info.hpp"
#include "common/command_line.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/http_client.hpp"

namespace {

constexpr const char* kIntro = R"(usage: casetrail [--url URL] [--json] COMMAND ...

Where dossiers are:
)";
constexpr const char* kOutro = R"(
ID is a case number (2026-CR-0001) or the EPC of one of its tags. Times are RFC 3339
(2026-12-01T17:00:00+08:00). Every command but login needs a token: $CASETRAIL_TOKEN, or
--token-file FILE (from `casetrail login LOGIN`, or an API token). Who acts is the token's holder;
--by LOGIN (default: $CASETRAIL_USER), when given, must name the same person.

Options:
  --url URL          the server, http[s]://host:port (default: $CASETRAIL_URL, else http://127.0.0.1:8080)
  --token-file FILE  read the token from FILE (default: $CASETRAIL_TOKEN)
  --timeout S        give up on an answer after S seconds (default: 10; 300 for audit verify and for an import's check and commit)
  --ca-file FILE     (https://) trust the server's certificate when FILE's CAs signed it (default:
                     $CASETRAIL_CA_FILE, else the system's CAs)
  --json      print the server's JSON answer as it is
  --csv       (stocktake) the result as CSV
  --help      show this help
  --version   show the version

Exit status: 0 done, 1 not found, 2 bad usage or input, 3 server unreachable or failing,
4 not allowed now (the dossier's state forbids it; the message says why), 5 the audit trail was
tampered with (audit verify), 6 not logged in, or one's roles do not allow it.
)";

using namespace casetrail;

std::string usage() {
    std::string text = kIntro;
    for (const auto& c : cli::commands()) {
        if (c.words[0] == "units") text += "\nThe register:\n";
        if (c.words[0] == "checkout") text += "\nCustody:\n";
        if (c.words[0] == "stocktake" && c.words.size() == 2 && c.words[1] == "start") text += "\nStock-taking:\n";
        if (c.words[0] == "import")
            text +=
                "\nBulk import (CSV with a header: case_number, title, unit; optional case_type, handler,\nhome, volume, epc; UTF-8 or GB18030):\n";
        text += "  " + c.usage + "\n";
    }
    return text + kOutro;
}

int report_error(const cli::HttpResult& r) {
    std::string message = "the server answered " + std::to_string(r.status);
    try {
        message = nlohmann::json::parse(r.body).at("error").at("message").get<std::string>();
    } catch (const std::exception&) {}
    std::cerr << "casetrail: " << message << "\n";
    if (r.status == 404) return 1;
    if (r.status == 409) return 4;
    if (r.status == 401 || r.status == 403) return 6;
    if (r.status >= 400 && r.status < 500) return 2;
    return 3;
}

// The command whose words start the positional arguments (the longest such).
const cli::Command* find_command(const std::vector<std::string>& args) {
    const cli::Command* best = nullptr;
    for (const auto& c : cli::commands()) {
        if (args.size() < c.words.size() || !std::equal(c.words.begin(), c.words.end(), args.begin())) continue;
        if (!best || c.words.size() > best->words.size()) best = &c;
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    common::CommandLine cl;
    try {
        cl = common::parse_command_line(argc, argv, cli::options_with_values(),
                                        {"--json", "--csv", "--dry-run", "--help", "--version"});
    } catch (const common::UsageError& e) {
        std::cerr << "casetrail: " << e.what() << "\n" << usage();
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << usage();
        return 0;
    }
    if (cl.flag("--version")) {
        std::cout << common::version_line("casetrail") << "\n";
        return 0;
    }
    const auto* command = find_command(cl.positional);
    if (!command) {
        std::cerr << "casetrail: "
                  << (cl.positional.empty() ? "no command" : "unknown command \"" + cl.positional[0] + "\"") << "\n"
                  << usage();
        return 2;
    }
    const std::vector<std::string> args(cl.positional.begin() + static_cast<long>(command->words.size()),
                                        cl.positional.end());
    if (args.size() != command->args) {
        std::cerr << "casetrail: usage: casetrail " << command->usage << "\n";
        return 2;
    }

    std::string url = "http://127.0.0.1:8080";
    if (const char* env = std::getenv("CASETRAIL_URL"); env && *env) url = env;
    if (auto u = cl.option("--url")) url = *u;

    try {
        auto server = cli::parse_server_url(url);
        if (auto file = cl.option("--token-file")) {
            std::ifstream in(*file);
            if (!in || !std::getline(in, server.token))
                throw std::invalid_argument("cannot read a token from " + *file);
        } else if (const char* env = std::getenv("CASETRAIL_TOKEN"); env && *env) {
            server.token = env;
        }
        if (auto t = cl.option("--timeout")) {
            char* end = nullptr;
            const long v = std::strtol(t->c_str(), &end, 10);
            if (end == t->c_str() || *end || v < 1 || v > 3600)
                throw std::invalid_argument("--timeout is 1..3600 seconds");
            server.timeout_s = static_cast<int>(v);
        }
        if (auto ca = cl.option("--ca-file")) {
            server.ca_file = *ca;
        } else if (const char* env = std::getenv("CASETRAIL_CA_FILE"); env && *env) {
            server.ca_file = env;
        }
        while (!server.token.empty() &&
               (server.token.back() == '\n' || server.token.back() == '\r' || server.token.back() == ' ')) {
            server.token.pop_back();
        }
        if (command->run) return command->run(args, cl, server);
        auto call = command->build(args, cl);
        if (call.body.is_object() && call.body.contains("by") && call.body["by"].is_null()) call.body.erase("by");
        const auto r = cli::http_request(server, call.method, call.target, call.body.is_null() ? "" : call.body.dump());
        if (r.status >= 300) return report_error(r);
        if (cl.flag("--json") || !call.render) {
            std::cout << r.body << (r.body.empty() || r.body.back() == '\n' ? "" : "\n");
            return 0;
        }
        std::cout << call.render(nlohmann::json::parse(r.body));
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
