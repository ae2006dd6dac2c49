// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The deterministic id of a location event: SHA-256 over what identifies the observation (reader,
// antenna, tag, kind, observation time), cut to 128 bits and written as a UUID. A replay of the same
// event yields the same id, which the database's unique constraint turns into a no-op.

#include <cstdint>
#include <string>

namespace casetrail::gateway {

// 32 lower-case hex digits (PostgreSQL reads them as a uuid).
std::string event_id(const std::string& reader_code, int antenna_port, const std::string& epc, const std::string& kind,
                     std::int64_t observed_us);

}  // namespace casetrail::gateway
