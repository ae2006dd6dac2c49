// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// libFuzzer target: a register profile file (config/readers/*.json) as the gateway reads it: the text
// parsed (its nesting checked first), then validated field by field. A ConfigError is the answer for bad
// input; anything else (a crash, another exception, UB) is a finding.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/config_reader.hpp"
#include "firmware-bridge/profiles/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto json = casetrail::common::parse_json_text(text, "fuzz.json");
        (void)casetrail::bridge::parse_profile(json, "fuzz.json");
    } catch (const casetrail::common::ConfigError&) {}
    return 0;
}
