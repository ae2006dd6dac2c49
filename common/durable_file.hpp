// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Replacing a small file so that a power cut leaves either the old or the new content, never a mix:
// write a temporary file, fsync it, rename it over the old one, fsync the folder.

#include <string>
#include <string_view>

namespace casetrail::common {

// Throws std::runtime_error naming the file and the system's reason.
void write_file_durably(const std::string& path, std::string_view content);
void fsync_directory(const std::string& dir);

}  // namespace casetrail::common
