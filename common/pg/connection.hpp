// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

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

// One connection of one thread's own (a gateway writer, the gateway's registration and health reports),
// opened when first needed and again after it broke.
class DedicatedConnection {
public:
    explicit DedicatedConnection(std::string conninfo) : conninfo_(std::move(conninfo)) {}

    // Runs `fn(pqxx::connection&)`; a broken link drops the connection (the next call opens a new one)
    // and becomes StoreUnavailable.
    template <typename Fn>
    auto run(Fn&& fn) {
        if (conn_ && !conn_->get().is_open()) conn_.reset();
        if (!conn_) conn_ = std::make_unique<Connection>(conninfo_);
        try {
            return fn(conn_->get());
        } catch (const pqxx::broken_connection& e) {
            conn_.reset();
            throw StoreUnavailable(std::string("database connection lost: ") + e.what());
        }
    }

private:
    std::string conninfo_;
    std::unique_ptr<Connection> conn_;
};

}  // namespace casetrail::pg
