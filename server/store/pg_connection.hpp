#pragma once
// Internal to the store: the one header that brings in libpqxx. Include it only from store .cpp files.

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "store/errors.hpp"

namespace casetrail::store {

class PgConnection {
public:
    // Throws StoreUnavailable when the server cannot be reached.
    explicit PgConnection(const std::string& conninfo);
    pqxx::connection& get() { return *conn_; }

private:
    std::unique_ptr<pqxx::connection> conn_;
};

// Runs `fn(pqxx::connection&)`, turning a broken connection into StoreUnavailable (and discarding it).
template <typename Lease, typename Fn>
auto with_connection(Lease& lease, Fn&& fn) {
    try {
        return fn(lease->get());
    } catch (const pqxx::broken_connection& e) {
        lease.discard();
        throw StoreUnavailable(std::string("database connection lost: ") + e.what());
    }
}

}  // namespace casetrail::store
