// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// libFuzzer target: a spool record (any bytes, as a torn or corrupted file could hold) read back by the
// gateway's decoder, which must report it, never trust it or crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gateway/events/spool_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto event = casetrail::gateway::decode_event(std::string_view(reinterpret_cast<const char*>(data), size));
    if (event) (void)casetrail::gateway::encode_event(*event);  // what decodes must encode again
    return 0;
}
