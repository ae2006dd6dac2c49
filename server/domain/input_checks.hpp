// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Checks on what people type into the register, each throwing InvalidArgument that names the field and
// says what is wrong. Shared by the register, custody and import code so that all refuse the same things.

#include <optional>
#include <string>
#include <string_view>

namespace casetrail::domain {

// A code (unit, location): 1..64 of letters, digits, '.', '_', '-', starting with a letter or digit.
void check_code(std::string_view field, std::string_view value);
// A login: as a code, lower case.
void check_login(std::string_view field, std::string_view value);
// A name or title: valid UTF-8, no control characters, not blank, at most `max_chars` characters,
// without leading or trailing spaces.
void check_text(std::string_view field, std::string_view value, std::size_t max_chars);
// A word of the vocabulary (case type, deadline kind): lower-case letters, digits, '_' (and '-'), from a
// letter, at most 32.
void check_word(std::string_view field, std::string_view value);
// A staff role: clerk, case_handler, legal_officer, supervisor, admin.
void check_role(std::string_view field, std::string_view value);
// A unit kind: bureau, station, team.
void check_unit_kind(std::string_view field, std::string_view value);
// A dossier status: registered, in_handling, in_legal_review, archived, closed.
void check_status(std::string_view field, std::string_view value);
// A case number looked up: as a dossier identifier (1..64 bytes of UTF-8, no control characters or outer
// spaces), so that case numbers registered before the alphabet below stay reachable.
void check_case_number(std::string_view field, std::string_view value);
// A case number to register (the API and the import; docs/security.md, "Case numbers"): a dossier
// identifier made of letters (ASCII, full-width, CJK ideographs and 〇), digits, spaces and
// - _ / . ( ) [ ] （ ） 〔 〕, beginning with a letter, a digit or an opening bracket (so never with
// '=', '+', '-' or '@', which a spreadsheet runs as a formula), and not readable as an EPC (a case
// number wins over a tag in every lookup, so it would hide that tag's dossier). What is wrong with it,
// or nullopt when it is fine.
std::optional<std::string> new_case_number_problem(std::string_view value);
// The same, thrown as InvalidArgument naming the field.
void check_new_case_number(std::string_view field, std::string_view value);
// An EPC: returns its canonical form (upper-case hex, whole 16-bit words, 16..256 bits).
std::string canonical_epc(std::string_view field, std::string_view value);

std::size_t utf8_length(std::string_view text);

}  // namespace casetrail::domain
