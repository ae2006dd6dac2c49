// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Reading an office spreadsheet's CSV export for import: UTF-8 (with or without a BOM) or GB18030 (told,
// or found when the file is not UTF-8), RFC 4180 fields, a header naming the columns. Every line that
// cannot be read becomes a problem with its line number; the others become rows for the server.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace casetrail::cli {

struct FileProblem {
    int line = 0;
    std::string field;  // empty: the line as a whole
    std::string message;
};

struct ImportFile {
    std::string encoding;              // utf-8 | gb18030
    std::vector<nlohmann::json> rows;  // {"line": N, "case_number": ..., ...}: fields given, as UTF-8
    std::vector<FileProblem> problems;
    int data_lines = 0;
};

// encoding: "auto", "utf-8" or "gb18030". Throws std::invalid_argument when the file cannot be read.
ImportFile read_import_file(const std::string& path, const std::string& encoding);
// The same for the file's bytes, already read.
ImportFile read_import_bytes(std::string bytes, const std::string& encoding);

// One CSV line into fields; nullopt for an unterminated quote.
std::optional<std::vector<std::string>> split_csv_line(const std::string& line);

}  // namespace casetrail::cli
