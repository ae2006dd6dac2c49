// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A small command-line parser shared by the daemons and the CLI: "--name value" options, "--flag" switches
// and positional words, with unknown options rejected by name.

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace casetrail::common {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CommandLine {
    std::map<std::string, std::string> options;  // "--config" -> "file"
    std::set<std::string> flags;                 // "--help"
    std::vector<std::string> positional;

    bool flag(const std::string& name) const { return flags.count(name) > 0; }
    std::optional<std::string> option(const std::string& name) const;
};

// `with_value` lists options that take a value, `switches` those that do not; anything else starting
// with "--" is a UsageError. "--" ends option parsing.
CommandLine parse_command_line(int argc, const char* const* argv, const std::set<std::string>& with_value,
                               const std::set<std::string>& switches);

}  // namespace casetrail::common
