// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/input_checks.hpp"
#include "common/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

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

// The code points of valid UTF-8 (checked before).
std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(c);
        i += n;
    }
    return out;
}

bool case_number_letter_or_digit(char32_t c) {
    const bool ascii = (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9');
    const bool full_width =
        (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
    const bool ideograph = (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
                           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) || c == 0x3007;
    return ascii || full_width || ideograph;
}

bool case_number_opening(char32_t c) { return c == U'(' || c == U'[' || c == U'（' || c == U'〔'; }

bool case_number_char(char32_t c) {
    constexpr std::u32string_view kMarks = U" -_/.()[]（）〔〕";
    return case_number_letter_or_digit(c) || kMarks.find(c) != std::u32string_view::npos;
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

std::optional<std::string> new_case_number_problem(std::string_view v) {
    try {
        parse_dossier_ident(v);
    } catch (const InvalidArgument& e) {
        return e.what();
    }
    const auto chars = code_points(v);
    if (!case_number_letter_or_digit(chars.front()) && !case_number_opening(chars.front())) {
        const bool formula = v.front() == '=' || v.front() == '+' || v.front() == '-' || v.front() == '@';
        return quoted(v) + " must begin with a letter, a digit or an opening bracket" +
               (formula ? std::string(" (a spreadsheet would run it as a formula)") : std::string());
    }
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (case_number_char(chars[i])) continue;
        return quoted(v) + " has a character a case number may not have at position " + std::to_string(i + 1) +
               " (letters, digits, spaces and - _ / . ( ) [ ] （ ） 〔 〕 only)";
    }
    if (common::normalize_epc(v)) {
        return quoted(v) + " reads as an EPC (hex digits in groups of four): it would hide that tag's dossier";
    }
    return std::nullopt;
}

void check_new_case_number(std::string_view field, std::string_view v) {
    if (auto problem = new_case_number_problem(v)) fail(field, *problem);
}

std::string canonical_epc(std::string_view field, std::string_view v) {
    auto epc = common::normalize_epc(v);
    if (!epc) fail(field, quoted(v) + " is not an EPC (4..64 hex digits, whole 16-bit words)");
    return *epc;
}

}  // namespace casetrail::domain
