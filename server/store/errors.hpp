#pragma once
// Errors the store raises to the layers above, free of any libpqxx type.

#include <stdexcept>

namespace casetrail::store {

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

}  // namespace casetrail::store
