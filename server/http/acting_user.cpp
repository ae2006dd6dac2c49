// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/acting_user.hpp"

#include "server/domain/errors.hpp"
#include "server/domain/principal.hpp"

namespace casetrail::http {

std::string acting_login(const JsonBody& body, const RouteParams& params) {
    if (!params.principal || !params.principal->is_person())
        throw domain::Forbidden("only a person can make this change");
    const auto& login = params.principal->name;
    if (body.has("by")) {
        const auto by = body.text("by");
        if (by != login) throw domain::Forbidden("\"by\" names " + by + ", but the token is " + login + "'s");
    }
    return login;
}

}  // namespace casetrail::http
