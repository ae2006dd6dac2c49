// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Encoding and decoding of a profile's blocks: the identity block and tag records. Pure; no I/O.
// Every decoder checks its input against the profile and the reader, and never reads past the span.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "firmware-bridge/profiles/profile.hpp"
#include "firmware-bridge/profiles/reader_data.hpp"

namespace casetrail::bridge {

using map::DecodeError;
using map::DecodeErrorKind;

common::Result<map::Identity, DecodeError> decode_identity(const Profile& p, std::span<const std::uint16_t> regs);
std::vector<std::uint16_t> encode_identity(const Profile& p, const map::Identity& in);

// A record, or nullopt for an empty table slot (EPC length 0, or read count 0).
common::Result<std::optional<map::TagRecord>, DecodeError> decode_record(const Profile& p,
                                                                         std::span<const std::uint16_t> regs,
                                                                         std::uint16_t antenna_count);
// Throws std::invalid_argument for a tag the profile cannot hold (EPC width, antenna, RSSI range).
std::vector<std::uint16_t> encode_record(const Profile& p, const map::TagRecord& tag);

}  // namespace casetrail::bridge
