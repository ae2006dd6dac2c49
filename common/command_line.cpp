// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/command_line.hpp"

namespace casetrail::common {

std::optional<std::string> CommandLine::option(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

CommandLine parse_command_line(int argc, const char* const* argv, const std::set<std::string>& with_value,
                               const std::set<std::string>& switches) {
    CommandLine cl;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (options_done || arg.rfind("--", 0) != 0 || arg == "-") {
            cl.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        std::optional<std::string> inline_value;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            inline_value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        if (with_value.count(arg)) {
            if (inline_value) {
                cl.options[arg] = *inline_value;
            } else if (i + 1 < argc) {
                cl.options[arg] = argv[++i];
            } else {
                throw UsageError("option " + arg + " needs a value");
            }
        } else if (switches.count(arg)) {
            if (inline_value) throw UsageError("option " + arg + " takes no value");
            cl.flags.insert(arg);
        } else {
            throw UsageError("unknown option " + arg);
        }
    }
    return cl;
}

}  // namespace casetrail::common
