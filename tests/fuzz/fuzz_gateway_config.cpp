// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// libFuzzer target: the gateway's config file, parsed and validated as the daemon does at start. Profiles
// it names are looked up among the shipped ones by file name, never opened from the input's paths (which
// could name a device that never ends). A ConfigError is the answer for bad input; anything else is a
// finding.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/config_reader.hpp"
#include "gateway/app/gateway_config.hpp"

namespace {
std::map<std::string, casetrail::bridge::Profile> shipped;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    for (const auto& f : std::filesystem::directory_iterator(CT_SOURCE_DIR "/config/readers")) {
        if (f.path().extension() == ".json") {
            shipped.emplace(f.path().filename().string(), casetrail::bridge::load_profile(f.path().string()));
        }
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    casetrail::bridge::ProfileCache profiles([](const std::string& path) {
        const auto slash = path.rfind('/');
        const auto it = shipped.find(slash == std::string::npos ? path : path.substr(slash + 1));
        if (it == shipped.end()) throw casetrail::common::ConfigError(path + ": cannot open the file");
        return it->second;
    });
    try {
        const auto json = casetrail::common::parse_json_text(text, "/fuzz/gateway.json");
        (void)casetrail::gateway::parse_gateway_config(json, "/fuzz/gateway.json", profiles);
    } catch (const casetrail::common::ConfigError&) {}
    return 0;
}
