// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/drivers/serial_line_config.hpp"

namespace casetrail::bridge {

SerialLine read_serial_line(const common::ConfigObject& l) {
    SerialLine line;
    line.device = l.string("device");
    line.baud = static_cast<int>(l.integer("baud", 19200, 300, 4000000));
    const auto parity = l.string("parity", "N");
    if (parity != "N" && parity != "E" && parity != "O") l.fail("parity", "\"" + parity + "\" is not N, E or O");
    line.parity = parity[0];
    line.data_bits = static_cast<int>(l.integer("data_bits", 8, 5, 8));
    line.stop_bits = static_cast<int>(l.integer("stop_bits", 1, 1, 2));
    line.turnaround = std::chrono::milliseconds(l.integer("turnaround_ms", 5, 0, 1000));
    l.reject_unknown_keys();
    return line;
}

bool same_line_settings(const SerialLine& a, const SerialLine& b) {
    return a.baud == b.baud && a.parity == b.parity && a.data_bits == b.data_bits && a.stop_bits == b.stop_bits &&
           a.turnaround == b.turnaround && a.timeout == b.timeout;
}

}  // namespace casetrail::bridge
