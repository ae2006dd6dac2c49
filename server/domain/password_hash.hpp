// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Passwords as Argon2id hashes (libsodium's encoded string: algorithm, parameters, salt and hash in one),
// and API tokens: 256 random bits, of which only the SHA-256 is stored.

#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

namespace casetrail::domain {

// Argon2id takes 64 MiB and a tenth of a second: beyond a few at once, the workers that serve every other
// request would all be hashing. A Slot is proof that one of a bounded number is held; every function that
// runs Argon2id takes one, so that no caller can run it unbounded.
class HashSlots {
public:
    explicit HashSlots(int count) : free_(count) {}

    class Slot {
    public:
        Slot(Slot&& other) noexcept : slots_(other.slots_) { other.slots_ = nullptr; }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (slots_) slots_->free_.release();
        }

    private:
        friend class HashSlots;
        explicit Slot(HashSlots* slots) : slots_(slots) {}
        HashSlots* slots_;
    };

    // nullopt when every slot is taken (the caller answers "busy" rather than wait).
    std::optional<Slot> try_take() {
        if (!free_.try_acquire()) return std::nullopt;
        return Slot(this);
    }

private:
    std::counting_semaphore<> free_;
};

// Throws InvalidArgument for a password outside the policy (10 to 1024 bytes).
void check_password_policy(std::string_view password);
// Checks the policy, then hashes.
std::string hash_password(const HashSlots::Slot& slot, std::string_view password);
bool verify_password(const HashSlots::Slot& slot, const std::string& encoded_hash, std::string_view password);
// Spends about what verify_password does, for a login that names nobody (no timing tells it apart).
void verify_against_nothing(const HashSlots::Slot& slot, std::string_view password);

// "ct_" and 43 characters of base64url.
std::string new_api_token();
// The 32 bytes stored for a token.
std::string token_digest(std::string_view token);

}  // namespace casetrail::domain
