// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/epc.hpp"

#include <catch2/catch.hpp>

using namespace casetrail::common;

TEST_CASE("EPC hex is validated and normalised", "[epc]") {
    CHECK(normalize_epc("e28011600000000000000001") == "E28011600000000000000001");
    CHECK(normalize_epc("ABCD") == "ABCD");
    CHECK(normalize_epc(std::string(64, 'a')) == std::string(64, 'A'));
    CHECK_FALSE(normalize_epc(""));
    CHECK_FALSE(normalize_epc("ABC"));                 // not whole words
    CHECK_FALSE(normalize_epc(std::string(68, 'A')));  // wider than 256 bits
    CHECK_FALSE(normalize_epc("E2801160000000000000000G"));
    CHECK_FALSE(normalize_epc("2026-CR-0001"));
    const std::uint16_t words[] = {0xE280, 0x0001};
    CHECK(epc_to_hex(words) == "E2800001");
    CHECK(*epc_from_hex("E2800001") == std::vector<std::uint16_t>{0xE280, 0x0001});
}
