// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/password_hash.hpp"

#include <mutex>
#include <stdexcept>

#include <sodium.h>

#include "server/domain/errors.hpp"

namespace casetrail::domain {

namespace {

constexpr std::size_t kMinPassword = 10;
constexpr std::size_t kMaxPassword = 1024;

void ensure_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    });
}

}  // namespace

void check_password_policy(std::string_view password) {
    if (password.size() < kMinPassword || password.size() > kMaxPassword) {
        throw InvalidArgument("a password must be " + std::to_string(kMinPassword) + " to " +
                              std::to_string(kMaxPassword) + " bytes long");
    }
}

std::string hash_password(const HashSlots::Slot& /*slot*/, std::string_view password) {
    ensure_sodium();
    check_password_policy(password);
    char out[crypto_pwhash_STRBYTES];
    // Interactive limits (64 MiB, 2 passes): a login stays well under a second on a small server.
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return out;
}

bool verify_password(const HashSlots::Slot& /*slot*/, const std::string& encoded_hash, std::string_view password) {
    ensure_sodium();
    if (password.size() > kMaxPassword) return false;
    return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

void verify_against_nothing(const HashSlots::Slot& slot, std::string_view password) {
    static const std::string decoy = hash_password(slot, "decoy password that matches nothing");
    (void)verify_password(slot, decoy, password);
}

std::string new_api_token() {
    ensure_sodium();
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char text[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string("ct_") + text;
}

std::string token_digest(std::string_view token) {
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

}  // namespace casetrail::domain
