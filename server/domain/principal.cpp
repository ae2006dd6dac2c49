// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/principal.hpp"

#include <algorithm>

namespace casetrail::domain {

std::optional<Role> role_from_name(std::string_view name) {
    for (auto r : kAllRoles) {
        if (role_name(r) == name) return r;
    }
    return std::nullopt;
}

std::string_view role_name(Role role) {
    switch (role) {
        case Role::clerk: return "clerk";
        case Role::case_handler: return "case_handler";
        case Role::legal_officer: return "legal_officer";
        case Role::supervisor: return "supervisor";
        case Role::admin: return "admin";
        case Role::gateway: return "gateway";
    }
    return "?";
}

std::vector<std::string> role_names(RoleSet set) {
    std::vector<std::string> out;
    for (auto r : kAllRoles) {
        if (set & static_cast<unsigned>(r)) out.emplace_back(role_name(r));
    }
    return out;
}

bool Principal::sees_unit(std::string_view code) const {
    return all_units || std::find(units.begin(), units.end(), code) != units.end();
}

}  // namespace casetrail::domain
