// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/build_info.hpp"

#include <iostream>

namespace casetrail::common {

std::string version_line(std::string_view program) {
    return std::string(program) + " " + kVersion + " (commit " + build_commit() + ")";
}

bool printed_version(int argc, char** argv, std::string_view program) {
    if (argc != 2 || std::string_view(argv[1]) != "--version") return false;
    std::cout << version_line(program) << "\n";
    return true;
}

}  // namespace casetrail::common
