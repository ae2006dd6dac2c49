// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/pg/values.hpp"

namespace casetrail::pg {

namespace {
void append_quoted(std::string& out, const std::string& value) {
    out += '"';
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}
}  // namespace

std::string text_array(const std::vector<std::string>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        append_quoted(out, values[i]);
    }
    out += '}';
    return out;
}

std::string nullable_text_array(const std::vector<std::optional<std::string>>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        if (values[i]) {
            append_quoted(out, *values[i]);
        } else {
            out += "NULL";
        }
    }
    out += '}';
    return out;
}

std::string nullable_int_array(const std::vector<std::optional<std::int64_t>>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += values[i] ? std::to_string(*values[i]) : std::string("NULL");
    }
    out += '}';
    return out;
}

std::string int_array(const std::vector<std::int64_t>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(values[i]);
    }
    out += '}';
    return out;
}

}  // namespace casetrail::pg
