// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tests/support/receiver_hmac.hpp"

#include <cstdio>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace casetrail::test {

std::string hex_hmac(const std::string& key, const std::string& message) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), mac, &len);
    std::string out;
    char buf[3];
    for (unsigned int i = 0; i < len; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", mac[i]);
        out += buf;
    }
    return out;
}

}  // namespace casetrail::test
