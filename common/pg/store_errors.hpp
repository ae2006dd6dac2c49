// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Errors the store raises to the layers above, free of any libpqxx type.

#include <stdexcept>

namespace casetrail::pg {

// PostgreSQL cannot be reached (or the connection broke mid-call): retry later; the API answers 503.
class StoreUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The configuration names something the database does not have (an unknown location code, say).
class StoreMismatch : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A request names something that does not exist (a unit code, a staff login, a location code).
class StoreUnknown : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The change collides with what is there: a duplicate, a second holder, a second open handover.
class StoreConflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The change breaks one of the schema's rules (a check or the shape of a tree).
class StoreInvalid : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace casetrail::pg
