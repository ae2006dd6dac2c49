// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// HMAC-SHA256 as a webhook receiver computes it to check a signature: OpenSSL directly, not the
// server's own signing code, so that the tests do not agree with themselves.

#include <string>

namespace casetrail::test {

// Lower-case hex of HMAC-SHA256(key, message).
std::string hex_hmac(const std::string& key, const std::string& message);

}  // namespace casetrail::test
