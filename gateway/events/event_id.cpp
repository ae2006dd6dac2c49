// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/events/event_id.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace casetrail::gateway {

std::string event_id(const std::string& reader_code, int antenna_port, const std::string& epc, const std::string& kind,
                     std::int64_t observed_us) {
    // Fields joined with a separator none of them can contain.
    const std::string key = reader_code + '\x1f' + std::to_string(antenna_port) + '\x1f' + epc + '\x1f' + kind +
                            '\x1f' + std::to_string(observed_us);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(key.data(), key.size(), digest, &len, EVP_sha256(), nullptr) != 1 || len < 16) {
        throw std::runtime_error("SHA-256 failed");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(32);
    for (int i = 0; i < 16; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xF]);
    }
    return out;
}

}  // namespace casetrail::gateway
