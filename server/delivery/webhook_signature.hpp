// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// How a webhook receiver knows a delivery is ours and fresh: HMAC-SHA256 with the shared secret over
// "<timestamp>.<body>", sent as "X-Casetrail-Signature: sha256=<hex>" beside "X-Casetrail-Timestamp".
// The receiver recomputes it, compares in constant time, and refuses timestamps older than a few minutes.

#include <cstdint>
#include <string>
#include <string_view>

namespace casetrail::delivery {

std::string hmac_sha256_hex(std::string_view key, std::string_view message);
// "sha256=<hex>" for this timestamp (seconds since the epoch) and body.
std::string webhook_signature(std::string_view secret, std::int64_t timestamp, std::string_view body);

}  // namespace casetrail::delivery
