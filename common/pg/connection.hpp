#pragma once
// Internal to the store: the one header that brings in libpqxx. Include it only from store .cpp files.

#include <memory>
#include <set>
#include <string>

#include <pqxx/pqxx>

#include "common/pg/store_errors.hpp"

namespace casetrail::pg {

class Connection {
public:
    // Throws StoreUnavailable when the server cannot be reached.
    explicit Connection(const std::string& conninfo);
    pqxx::connection& get() { return *conn_; }

    // Prepares `sql` as `name` on this connection the first time it is asked for (outside a transaction),
    // so that hot queries are planned once per connection, not once per request.
    std::string prepared(const std::string& name, const std::string& sql) {
        if (prepared_.insert(name).second) conn_->prepare(name, sql);
        return name;
    }

private:
    std::unique_ptr<pqxx::connection> conn_;
    std::set<std::string> prepared_;
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

}  // namespace casetrail::pg
