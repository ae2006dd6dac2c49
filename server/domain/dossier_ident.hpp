// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// How users name a dossier: by its case number, or by the EPC of one of its volumes' tags.

#include <optional>
#include <string>
#include <string_view>

namespace casetrail::domain {

struct DossierIdent {
    std::string text;                // as given, checked
    std::optional<std::string> epc;  // its canonical EPC form, when the text could be an EPC
};

// Accepts 1..64 bytes of valid UTF-8 without control characters or surrounding spaces (case numbers such
// as "2026-CR-0001" or "京公刑字[2026]第12号"). Throws InvalidArgument saying what is wrong.
DossierIdent parse_dossier_ident(std::string_view text);

}  // namespace casetrail::domain
