// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// CRC-32C (Castagnoli), the checksum that frames every spool record.

#include <cstddef>
#include <cstdint>

namespace casetrail::spool {

std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace casetrail::spool
