// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A small pool of PostgreSQL connections for request handlers running on worker threads.
// pqxx stays out of this header: users reach the connection through store classes only.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace casetrail::pg {

class Connection;  // wraps pqxx::connection; defined in pg_connection.hpp

class ConnectionPool {
public:
    ConnectionPool(std::string conninfo, std::size_t size);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> conn);
        ~Lease();
        Lease(Lease&&) noexcept;
        Lease& operator=(Lease&&) = delete;
        Connection& operator*() const { return *conn_; }
        Connection* operator->() const { return conn_.get(); }
        // The connection broke: it is closed instead of going back to the pool.
        void discard() { discard_ = true; }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> conn_;
        bool discard_ = false;
    };

    // Blocks while all `size` connections are leased; opens a new one when needed.
    // Throws StoreUnavailable when PostgreSQL cannot be reached.
    Lease acquire();

    const std::string& conninfo() const { return conninfo_; }

private:
    void release(std::unique_ptr<Connection> conn, bool discard);

    std::string conninfo_;
    std::size_t size_;
    std::size_t leased_ = 0;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::mutex mutex_;
    struct Waiters;
    std::unique_ptr<Waiters> waiters_;
};

}  // namespace casetrail::pg

namespace casetrail::pg {
// A round trip to the database (SELECT 1); false when it cannot be reached.
bool database_reachable(ConnectionPool& pool);
}  // namespace casetrail::pg
