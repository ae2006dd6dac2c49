// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/pg/connection_pool.hpp"

#include <condition_variable>

#include "common/pg/connection.hpp"

namespace casetrail::pg {

Connection::Connection(const std::string& conninfo) {
    try {
        conn_ = std::make_unique<pqxx::connection>(conninfo);
    } catch (const pqxx::broken_connection& e) {
        throw StoreUnavailable(std::string("cannot connect to PostgreSQL: ") + e.what());
    }
}

struct ConnectionPool::Waiters {
    std::condition_variable cv;
};

ConnectionPool::ConnectionPool(std::string conninfo, std::size_t size)
    : conninfo_(std::move(conninfo)), size_(size == 0 ? 1 : size), waiters_(std::make_unique<Waiters>()) {}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<Connection> conn)
    : pool_(&pool), conn_(std::move(conn)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)), discard_(other.discard_) {
    other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
    if (pool_) pool_->release(std::move(conn_), discard_);
}

ConnectionPool::Lease ConnectionPool::acquire() {
    std::unique_lock lock(mutex_);
    waiters_->cv.wait(lock, [&] { return leased_ < size_; });
    ++leased_;
    if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(conn));
    }
    lock.unlock();
    try {
        return Lease(*this, std::make_unique<Connection>(conninfo_));
    } catch (...) {
        lock.lock();
        --leased_;
        waiters_->cv.notify_one();
        throw;
    }
}

void ConnectionPool::release(std::unique_ptr<Connection> conn, bool discard) {
    std::lock_guard lock(mutex_);
    --leased_;
    if (conn && !discard && conn->get().is_open()) idle_.push_back(std::move(conn));
    waiters_->cv.notify_one();
}

}  // namespace casetrail::pg

namespace casetrail::pg {

bool database_reachable(ConnectionPool& pool) {
    try {
        auto lease = pool.acquire();
        return with_connection(lease, [](pqxx::connection& c) {
            pqxx::nontransaction tx(c);
            tx.exec("SELECT 1");
            return true;
        });
    } catch (const StoreUnavailable&) {
        return false;
    }
}

}  // namespace casetrail::pg
