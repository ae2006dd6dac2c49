// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/dossier_ident.hpp"

#include "common/epc.hpp"
#include "common/utf8.hpp"
#include "server/domain/errors.hpp"

namespace casetrail::domain {

namespace {
constexpr std::size_t kMaxIdentBytes = 64;
}

DossierIdent parse_dossier_ident(std::string_view text) {
    if (text.empty()) throw InvalidArgument("the dossier identifier is empty");
    if (text.size() > kMaxIdentBytes) {
        throw InvalidArgument("the dossier identifier is longer than 64 bytes");
    }
    if (!common::is_valid_utf8(text)) throw InvalidArgument("the dossier identifier is not valid UTF-8");
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7F) throw InvalidArgument("the dossier identifier contains a control character");
    }
    if (text.front() == ' ' || text.back() == ' ') {
        throw InvalidArgument("the dossier identifier has leading or trailing spaces");
    }
    DossierIdent id;
    id.text = std::string(text);
    id.epc = common::normalize_epc(text);
    return id;
}

}  // namespace casetrail::domain
