// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// What a binary was built from: the release (SemVer, CMake's project version) and the commit.

#include <string>
#include <string_view>

#include "common/version.hpp"

namespace casetrail::common {

// The commit the sources were at when built: 12 hex digits, with "-dirty" when tracked files had
// changes; CASETRAIL_COMMIT's value for builds outside git; "unknown" without either.
const char* build_commit();

// "PROGRAM VERSION (commit COMMIT)": the line every program prints for --version.
std::string version_line(std::string_view program);

// For programs without a command-line parser of their own (the benchmarks): true, after printing the
// version line, when the only argument is --version.
bool printed_version(int argc, char** argv, std::string_view program);

}  // namespace casetrail::common
