// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// libFuzzer target: a reader's answer (any words) decoded under every shipped register profile. The first
// byte picks the profile and the antenna count, the rest are the registers (big-endian words).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "firmware-bridge/profiles/profile.hpp"
#include "firmware-bridge/profiles/record_codec.hpp"

namespace {
std::vector<casetrail::bridge::Profile> profiles;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    for (const auto& f : std::filesystem::directory_iterator(CT_SOURCE_DIR "/config/readers")) {
        if (f.path().extension() == ".json") profiles.push_back(casetrail::bridge::load_profile(f.path().string()));
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1 || profiles.empty()) return 0;
    const auto& profile = profiles[data[0] % profiles.size()];
    const auto antennas = static_cast<std::uint16_t>(1 + (data[0] >> 3) % 32);
    std::vector<std::uint16_t> words;
    for (std::size_t i = 1; i + 1 < size; i += 2)
        words.push_back(static_cast<std::uint16_t>(data[i] << 8 | data[i + 1]));
    (void)casetrail::bridge::decode_identity(profile, words);
    (void)casetrail::bridge::decode_record(profile, words, antennas);
    return 0;
}
