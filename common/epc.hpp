// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// EPC identifiers: tag memory words <-> the upper-case hex text used everywhere else in Casetrail.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace casetrail::common {

// Gen2 EPCs are whole 16-bit words; Casetrail accepts 16 to 256 bits (96 is the common size).
inline constexpr std::size_t kMinEpcWords = 1;
inline constexpr std::size_t kMaxEpcWords = 16;

std::string epc_to_hex(std::span<const std::uint16_t> words);

// Accepts upper- or lower-case hex of 4..64 digits in whole words; nullopt for anything else.
std::optional<std::vector<std::uint16_t>> epc_from_hex(std::string_view hex);

// The canonical (upper-case) form of a valid EPC, or nullopt.
std::optional<std::string> normalize_epc(std::string_view hex);

}  // namespace casetrail::common
