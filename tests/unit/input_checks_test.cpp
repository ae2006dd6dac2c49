// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/input_checks.hpp"

#include <catch2/catch.hpp>

#include "server/domain/dossier_ident.hpp"
#include "server/domain/errors.hpp"

using namespace casetrail::domain;

TEST_CASE("a new case number is held to the documented alphabet", "[domain][identifiers]") {
    for (const std::string ok :
         {"2026-CR-0001", "京公刑字[2026]第12号", "（2026）京0105刑初123号", "京公（刑）字〔2026〕12号", "A/B.C_D-E",
          "(2026) 12", "Ｎｏ１２３", "〇九号", "X", "2026-0001"}) {
        INFO(ok);
        CHECK_FALSE(new_case_number_problem(ok));
        CHECK_NOTHROW(check_new_case_number("case_number", ok));
    }
    const auto problem = [](std::string_view v) { return new_case_number_problem(v).value_or("accepted"); };
    // What a spreadsheet would run, named as such.
    CHECK(problem("=HYPERLINK(\"http://e.vil\",\"x\")") ==
          "\"=HYPERLINK(\"http://e.vil\",\"x\")\" must begin with a letter, a digit or an opening bracket (a "
          "spreadsheet would run it as a formula)");
    for (const char* formula : {"+1", "-1", "@A1"}) {
        INFO(formula);
        CHECK_THAT(problem(formula), Catch::EndsWith("(a spreadsheet would run it as a formula)"));
    }
    CHECK(problem("_x") == "\"_x\" must begin with a letter, a digit or an opening bracket");
    CHECK(problem("2026=1") ==
          "\"2026=1\" has a character a case number may not have at position 5 (letters, digits, spaces and "
          "- _ / . ( ) [ ] （ ） 〔 〕 only)");
    CHECK_THAT(problem("2026<b>"), Catch::Contains("at position 5"));
    CHECK_THAT(problem("案\xE2\x80\x8B"
                       "1"),
               Catch::Contains("at position 2"));                      // a zero-width space
    CHECK_THAT(problem("2026，1"), Catch::Contains("at position 5"));  // a full-width comma
    // The dossier identifier's own rules come first.
    CHECK(problem("") == "the dossier identifier is empty");
    CHECK(problem("abc\x01") == "the dossier identifier contains a control character");
    CHECK(problem(" 2026") == "the dossier identifier has leading or trailing spaces");
    CHECK(problem(std::string(65, 'A')) == "the dossier identifier is longer than 64 bytes");
    // The field is named when thrown.
    try {
        check_new_case_number("case_number", "=1");
        FAIL("accepted");
    } catch (const InvalidArgument& e) {
        CHECK_THAT(e.what(), Catch::StartsWith("case_number: \"=1\" must begin with"));
    }
}

TEST_CASE("a new case number that reads as an EPC is refused, as the lookup would read it", "[domain][identifiers]") {
    for (const std::string epc : {"2026", "ABCD", "abcd", "E28011600000000000000001", "20261234"}) {
        INFO(epc);
        // The lookup would take it for a tag as well: a case number of that text would hide the tag.
        REQUIRE(parse_dossier_ident(epc).epc);
        CHECK(new_case_number_problem(epc) ==
              "\"" + epc + "\" reads as an EPC (hex digits in groups of four): it would hide that tag's dossier");
    }
    // Not EPCs (a digit too few or too many, a letter past F): fine.
    for (const std::string not_epc : {"202", "20261", "ABCG"}) {
        INFO(not_epc);
        CHECK_FALSE(parse_dossier_ident(not_epc).epc);
        CHECK_FALSE(new_case_number_problem(not_epc));
    }
}
