// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Cutting Modbus RTU requests out of the bytes a serial line delivers. The simulator answers for several
// unit ids on one line, which libmodbus's own receive (filtering on one unit) cannot do. Pure.

#include <cstddef>
#include <cstdint>
#include <string>

namespace casetrail::bridge::sim {

struct RtuFrame {
    enum Kind { incomplete, request, garbage } kind;
    std::size_t length;  // request: the frame's bytes; garbage: bytes to drop
};

// The request at the front of `bytes` (function codes 03, 04, 06, 16; CRC checked).
RtuFrame next_rtu_request(const std::string& bytes);

std::uint16_t modbus_crc16(const std::uint8_t* data, std::size_t size);

}  // namespace casetrail::bridge::sim
