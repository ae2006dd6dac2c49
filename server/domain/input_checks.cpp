// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/input_checks.hpp"
#include "common/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/epc.hpp"
#include "server/domain/dossier_ident.hpp"
#include "server/domain/errors.hpp"

namespace casetrail::domain {

namespace {

[[noreturn]] void fail(std::string_view field, const std::string& what) {
    throw InvalidArgument(std::string(field) + ": " + what);
}

std::string quoted(std::string_view v) {
    constexpr std::size_t kShown = 80;
    std::string s(v.substr(0, kShown));
    return "\"" + s + (v.size() > kShown ? "..." : "") + "\"";
}

bool code_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

template <std::size_t N>
void one_of(std::string_view field, std::string_view value, const std::array<const char*, N>& allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(field, quoted(value) + " is not one of " + list);
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void check_code(std::string_view field, std::string_view v) {
    if (v.empty() || v.size() > 64 || !std::isalnum(static_cast<unsigned char>(v.front())) ||
        !std::all_of(v.begin(), v.end(), code_char)) {
        fail(field, quoted(v) + " must be 1..64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
}

void check_login(std::string_view field, std::string_view v) {
    check_code(field, v);
    if (std::any_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        fail(field, quoted(v) + " must be lower case");
    }
}

void check_text(std::string_view field, std::string_view v, std::size_t max_chars) {
    if (!common::is_valid_utf8(v)) fail(field, "is not valid UTF-8");
    if (std::any_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        fail(field, "contains a control character");
    }
    if (v.find_first_not_of(' ') == std::string_view::npos) fail(field, "is empty");
    if (v.front() == ' ' || v.back() == ' ') fail(field, "has leading or trailing spaces");
    if (utf8_length(v) > max_chars) fail(field, "is longer than " + std::to_string(max_chars) + " characters");
}

void check_word(std::string_view field, std::string_view v) {
    const bool ok = !v.empty() && v.size() <= 32 && v.front() >= 'a' && v.front() <= 'z' &&
                    std::all_of(v.begin(), v.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                    });
    if (!ok) fail(field, quoted(v) + " must be 1..32 lower-case letters, digits, '_' or '-', starting with a letter");
}

void check_role(std::string_view field, std::string_view v) {
    one_of(field, v, std::array{"clerk", "case_handler", "legal_officer", "supervisor", "admin"});
}

void check_unit_kind(std::string_view field, std::string_view v) {
    one_of(field, v, std::array{"bureau", "station", "team"});
}

void check_status(std::string_view field, std::string_view v) {
    one_of(field, v, std::array{"registered", "in_handling", "in_legal_review", "archived", "closed"});
}

void check_case_number(std::string_view field, std::string_view v) {
    try {
        parse_dossier_ident(v);
    } catch (const InvalidArgument& e) {
        fail(field, e.what());
    }
}

std::string canonical_epc(std::string_view field, std::string_view v) {
    auto epc = common::normalize_epc(v);
    if (!epc) fail(field, quoted(v) + " is not an EPC (4..64 hex digits, whole 16-bit words)");
    return *epc;
}

}  // namespace casetrail::domain
