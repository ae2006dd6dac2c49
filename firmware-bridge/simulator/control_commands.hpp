// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The simulator's control language, one command per line (see firmware-bridge/README.md):
//   add EPC ANTENNA [RSSI_DBM] | move EPC ANTENNA | park EPC ANTENNA ANTENNA | remove EPC | list | status | help
// Every command answers lines ending with one "ok ..." or "error ..." line.

#include <cstdint>
#include <string>

#include "firmware-bridge/simulator/tag_field.hpp"

namespace casetrail::bridge::sim {

struct SimCounters {
    std::uint64_t rounds = 0;
};

// Applies one command line to the field; returns the reply text (newline-terminated lines).
std::string run_control_command(const std::string& line, TagField& field, const SimCounters& counters);

}  // namespace casetrail::bridge::sim
