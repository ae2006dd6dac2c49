// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Internal to the store: PostgreSQL's refusals, as the store's own errors. Include only from store .cpp
// files (it brings in libpqxx).

#include <string>

#include <pqxx/pqxx>

#include "common/pg/store_errors.hpp"

namespace casetrail::pg {

inline std::string first_line(const char* text) {
    std::string s(text);
    s = s.substr(0, s.find('\n'));
    if (s.rfind("ERROR:", 0) == 0) s = s.substr(s.find_first_not_of(' ', 6));
    return s;
}

// Runs fn(); a unique or exclusion violation becomes StoreConflict(conflict), a check or foreign-key
// violation StoreInvalid(invalid: the database's first line, which names the constraint).
template <typename Fn>
auto translating_refusals(const std::string& conflict, const std::string& invalid, Fn&& fn) {
    try {
        return fn();
    } catch (const pqxx::unique_violation&) {
        throw StoreConflict(conflict);
    } catch (const pqxx::foreign_key_violation& e) {
        throw StoreInvalid(invalid + ": " + first_line(e.what()));
    } catch (const pqxx::check_violation& e) {
        throw StoreInvalid(invalid + ": " + first_line(e.what()));
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == "23P01") throw StoreConflict(conflict);  // exclusion violation
        throw;
    }
}

}  // namespace casetrail::pg
