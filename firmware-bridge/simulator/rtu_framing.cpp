// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/rtu_framing.hpp"

namespace casetrail::bridge::sim {

std::uint16_t modbus_crc16(const std::uint8_t* data, std::size_t size) {
    std::uint16_t crc = 0xFFFF;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= data[i];
        for (int k = 0; k < 8; ++k)
            crc = (crc & 1) ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001) : static_cast<std::uint16_t>(crc >> 1);
    }
    return crc;
}

RtuFrame next_rtu_request(const std::string& bytes) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(bytes.data());
    if (bytes.size() < 2) return {RtuFrame::incomplete, 0};
    std::size_t length = 0;
    switch (b[1]) {
        case 0x03:
        case 0x04:
        case 0x06: length = 8; break;
        case 0x10:
            if (bytes.size() < 7) return {RtuFrame::incomplete, 0};
            length = 9u + b[6];
            break;
        default: return {RtuFrame::garbage, 1};
    }
    if (bytes.size() < length) return {RtuFrame::incomplete, 0};
    const std::uint16_t crc = static_cast<std::uint16_t>(b[length - 2] | (b[length - 1] << 8));
    if (modbus_crc16(b, length - 2) != crc) return {RtuFrame::garbage, 1};
    return {RtuFrame::request, length};
}

}  // namespace casetrail::bridge::sim
