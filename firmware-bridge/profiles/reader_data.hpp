// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// What every register profile decodes into: a reader's identity and the tags of an inventory round,
// plus the decode errors. The layouts themselves are data (config/readers/*.json, profiles/).

#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace casetrail::bridge::map {

inline constexpr std::uint16_t kMaxAntennas = 32;

// Status flags the simulator shows and the Casetrail layout documents.
inline constexpr std::uint16_t kStatusReady = 0x0001;
inline constexpr std::uint16_t kStatusBusy = 0x0002;
inline constexpr std::uint16_t kStatusAntennaFault = 0x0004;
inline constexpr std::uint16_t kStatusOverflow = 0x0008;  // more tags in the field than the list holds

enum class DecodeErrorKind {
    short_buffer,    // fewer registers than the block needs
    bad_magic,       // not the reader model the profile describes
    bad_epc_length,  // not a whole number of words within the profile's EPC area
    bad_antenna,     // antenna port outside the reader's ports
    bad_field,       // any other field out of its range
};
using DecodeError = common::Error<DecodeErrorKind>;

struct Identity {
    std::uint16_t map_version = 1;
    std::uint16_t firmware = 0;  // major << 8 | minor
    std::uint16_t antenna_count = 0;
    std::string serial;  // printable ASCII
};

struct TagRecord {
    std::string epc;                // upper-case hex, 4..64 digits
    std::uint16_t antenna = 0;      // 1-based port
    std::int16_t rssi_decidbm = 0;  // tenths of a dBm, e.g. -523 = -52.3 dBm
    std::uint16_t read_count = 0;   // reads of this tag on this antenna in the round, >= 1
};

}  // namespace casetrail::bridge::map
