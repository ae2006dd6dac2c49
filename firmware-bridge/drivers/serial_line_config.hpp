// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The settings of a serial line as config files give them (gateway and simulator alike):
// {"device": "/dev/ttyUSB0", "baud": 19200, "parity": "N", "data_bits": 8, "stop_bits": 1, "turnaround_ms": 5}

#include "common/config_reader.hpp"
#include "firmware-bridge/drivers/reader_driver.hpp"

namespace casetrail::bridge {

SerialLine read_serial_line(const common::ConfigObject& line);

// The line settings two readers of one device must agree on.
bool same_line_settings(const SerialLine& a, const SerialLine& b);

}  // namespace casetrail::bridge
