// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/epc.hpp"

namespace casetrail::common {

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}
}  // namespace

std::string epc_to_hex(std::span<const std::uint16_t> words) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(words.size() * 4);
    for (std::uint16_t w : words) {
        for (int shift = 12; shift >= 0; shift -= 4) out.push_back(digits[(w >> shift) & 0xF]);
    }
    return out;
}

std::optional<std::vector<std::uint16_t>> epc_from_hex(std::string_view hex) {
    if (hex.size() % 4 != 0) return std::nullopt;
    const std::size_t words = hex.size() / 4;
    if (words < kMinEpcWords || words > kMaxEpcWords) return std::nullopt;
    std::vector<std::uint16_t> out(words);
    for (std::size_t i = 0; i < hex.size(); ++i) {
        const int v = hex_value(hex[i]);
        if (v < 0) return std::nullopt;
        out[i / 4] = static_cast<std::uint16_t>((out[i / 4] << 4) | v);
    }
    return out;
}

std::optional<std::string> normalize_epc(std::string_view hex) {
    auto words = epc_from_hex(hex);
    if (!words) return std::nullopt;
    return epc_to_hex(*words);
}

}  // namespace casetrail::common
