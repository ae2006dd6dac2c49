// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Passwords as Argon2id hashes (libsodium's encoded string: algorithm, parameters, salt and hash in one),
// and API tokens: 256 random bits, of which only the SHA-256 is stored.

#include <string>
#include <string_view>

namespace casetrail::domain {

// Throws InvalidArgument for a password outside the policy (10 to 1024 bytes).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& encoded_hash, std::string_view password);
// Spends about what verify_password does, for a login that names nobody (no timing tells it apart).
void verify_against_nothing(std::string_view password);

// "ct_" and 43 characters of base64url.
std::string new_api_token();
// The 32 bytes stored for a token.
std::string token_digest(std::string_view token);

}  // namespace casetrail::domain
