// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/dossier_ident.hpp"

#include <catch2/catch.hpp>

#include "server/domain/errors.hpp"

using namespace casetrail::domain;

TEST_CASE("dossier identifiers: case numbers and EPCs", "[domain]") {
    auto a = parse_dossier_ident("2026-CR-0001");
    CHECK(a.text == "2026-CR-0001");
    CHECK_FALSE(a.epc);
    auto b = parse_dossier_ident("e28011600000000000000001");
    CHECK(b.epc == "E28011600000000000000001");
    auto c = parse_dossier_ident("京公刑字[2026]第12号");
    CHECK(c.text == "京公刑字[2026]第12号");
    auto d = parse_dossier_ident("ABCD");  // both a plausible case number and an EPC
    CHECK(d.epc == "ABCD");
}

TEST_CASE("malformed dossier identifiers are refused with a reason", "[domain]") {
    auto reason = [](std::string_view s) -> std::string {
        try {
            parse_dossier_ident(s);
        } catch (const InvalidArgument& e) {
            return e.what();
        }
        return "accepted";
    };
    CHECK(reason("") == "the dossier identifier is empty");
    CHECK(reason(std::string(65, 'A')) == "the dossier identifier is longer than 64 bytes");
    CHECK(reason("\xC3\x28") == "the dossier identifier is not valid UTF-8");
    CHECK(reason("\xED\xA0\x80") == "the dossier identifier is not valid UTF-8");  // a surrogate
    CHECK(reason("\xC0\xAF") == "the dossier identifier is not valid UTF-8");      // overlong
    CHECK(reason("abc\x01") == "the dossier identifier contains a control character");
    CHECK(reason(" 2026") == "the dossier identifier has leading or trailing spaces");
    CHECK(reason(std::string(64, 'A')) == "accepted");
}
