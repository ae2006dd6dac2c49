// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The CLI's commands as a table: the words that name each one, its arguments, and how it becomes one
// request to the server and text for people.

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/command_line.hpp"
#include "tools/cli/http_client.hpp"

namespace casetrail::cli {

struct Call {
    std::string method;
    std::string target;
    nlohmann::json body;  // null: no body
    std::function<std::string(const nlohmann::json&)> render;
};

struct Command {
    using Build = std::function<Call(const std::vector<std::string>& args, const common::CommandLine& cl)>;
    using Run = std::function<int(const std::vector<std::string>& args, const common::CommandLine& cl,
                                  const ServerUrl& server)>;

    Command(std::vector<std::string> w, std::size_t n, std::string u, Build b, Run r = nullptr)
        : words(std::move(w)), args(n), usage(std::move(u)), build(std::move(b)), run(std::move(r)) {}

    std::vector<std::string> words;  // {"handover", "confirm"}
    std::size_t args = 0;            // positional arguments after the words
    std::string usage;               // as shown in --help
    // Throws std::invalid_argument with a message for the user (a missing option, a bad number).
    Build build;
    // A command of several requests (an import) runs itself instead; returns the exit status.
    Run run;
};

const std::vector<Command>& commands();
// Every option that takes a value, for the command-line parser.
const std::set<std::string>& options_with_values();

}  // namespace casetrail::cli
