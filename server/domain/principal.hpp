// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Who is asking: a person (their login, unit, roles and the units they may see) or a machine (a gateway),
// as established from an API token.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casetrail::domain {

enum class Role : unsigned {
    clerk = 1u,
    case_handler = 2u,
    legal_officer = 4u,
    supervisor = 8u,
    admin = 16u,
    gateway = 32u
};

// A set of roles as bits, so that a route's allowed roles and a person's roles meet in one AND.
using RoleSet = unsigned;
constexpr RoleSet roles(std::initializer_list<Role> list) {
    RoleSet s = 0;
    for (auto r : list) s |= static_cast<unsigned>(r);
    return s;
}
constexpr RoleSet kAnyStaff =
    roles({Role::clerk, Role::case_handler, Role::legal_officer, Role::supervisor, Role::admin});
constexpr RoleSet kEveryRole = kAnyStaff | static_cast<unsigned>(Role::gateway);

std::optional<Role> role_from_name(std::string_view name);
std::string_view role_name(Role role);
std::vector<std::string> role_names(RoleSet set);
constexpr Role kAllRoles[] = {Role::clerk,      Role::case_handler, Role::legal_officer,
                              Role::supervisor, Role::admin,        Role::gateway};

struct Principal {
    std::int64_t token_id = 0;
    std::string token_kind;                // session | api | machine
    std::optional<std::int64_t> staff_id;  // empty for a machine
    std::string name;                      // the person's login, or the machine's name
    std::string unit;                      // the person's unit code
    RoleSet roles = 0;
    bool all_units = false;          // an admin sees every unit
    std::vector<std::string> units;  // otherwise: the unit codes whose dossiers they see

    bool has(Role r) const { return (roles & static_cast<unsigned>(r)) != 0; }
    bool is_person() const { return staff_id.has_value(); }
    bool sees_unit(std::string_view code) const;
};

}  // namespace casetrail::domain
