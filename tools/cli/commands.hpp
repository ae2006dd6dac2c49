#pragma once
// The CLI's commands as a table: the words that name each one, its arguments, and how it becomes one
// request to the server and text for people.

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/command_line.hpp"

namespace casetrail::cli {

struct Call {
    std::string method;
    std::string target;
    nlohmann::json body;  // null: no body
    std::function<std::string(const nlohmann::json&)> render;
};

struct Command {
    std::vector<std::string> words;  // {"handover", "confirm"}
    std::size_t args = 0;            // positional arguments after the words
    std::string usage;               // as shown in --help
    // Throws std::invalid_argument with a message for the user (a missing option, a bad number).
    std::function<Call(const std::vector<std::string>& args, const support::CommandLine& cl)> build;
};

const std::vector<Command>& commands();
// Every option that takes a value, for the command-line parser.
const std::set<std::string>& options_with_values();

}  // namespace casetrail::cli
