// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// libFuzzer target: an import file (any bytes: UTF-8, GB18030 or neither) read as `casetrail import`
// reads it, in the encoding the first byte picks (auto, utf-8 or gb18030). Problems are expected; a
// crash, a hang or a sanitizer report is a finding.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "tools/cli/csv_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    static const char* const encodings[] = {"auto", "utf-8", "gb18030"};
    try {
        (void)casetrail::cli::read_import_bytes(std::string(reinterpret_cast<const char*>(data) + 1, size - 1),
                                                encodings[data[0] % 3]);
    } catch (const std::invalid_argument&) {}
    return 0;
}
