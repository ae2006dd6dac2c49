// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/csv_field.hpp"

namespace casetrail::common {

std::string neutralise_formula(std::string_view cell) {
    if (cell.empty()) return {};
    switch (cell.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r': return "'" + std::string(cell);
        default: return std::string(cell);
    }
}

std::string quoted_csv_field(std::string_view cell) {
    const auto safe = neutralise_formula(cell);
    std::string out;
    out.reserve(safe.size() + 2);
    out += '"';
    for (char c : safe) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace casetrail::common
