// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/binding_refresh.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "common/pg/store_errors.hpp"
#include "gateway/app/bound_epc_cache.hpp"

namespace casetrail::gateway {

namespace net = boost::asio;

namespace {
constexpr std::chrono::hours kFullEvery{1};

std::vector<std::string> epcs_of(const BoundEpcRows& rows) {
    std::vector<std::string> out;
    out.reserve(rows.rows.size());
    for (const auto& [id, epc] : rows.rows) out.push_back(epc);
    return out;
}
}  // namespace

BindingRefresher::BindingRefresher(std::string conninfo, std::string cache_path, std::chrono::milliseconds every,
                                   net::io_context& loop, net::thread_pool& workers, common::Logger log)
    : store_(std::move(conninfo)), cache_path_(std::move(cache_path)), every_(every), loop_(loop), workers_(workers),
      log_(std::move(log)), timer_(loop) {}

// Where the next read starts, and what goes to the cache.
void BindingRefresher::remember(const BoundEpcRows& rows, bool full) {
    try {
        if (full) {
            save_bound_epc_cache(cache_path_, epcs_of(rows));
        } else {
            std::vector<std::string> fresh;
            for (const auto& [id, epc] : rows.rows) {
                if (id > cached_through_) fresh.push_back(epc);
            }
            append_bound_epc_cache(cache_path_, fresh);
        }
        cached_through_ = std::max(cached_through_, rows.through_id);
    } catch (const std::runtime_error& e) {
        log_.warn("bound EPCs not cached", {{"file", cache_path_}, {"error", e.what()}});
    }
    older_through_ = full ? rows.through_id : newer_through_;
    newer_through_ = rows.through_id;
    if (full) {
        need_full_ = false;
        last_full_ = std::chrono::steady_clock::now();
    }
}

std::optional<std::vector<std::string>> BindingRefresher::load_at_start() {
    try {
        auto rows = store_.bound_epcs(0);
        remember(rows, true);
        log_.info("bound EPCs loaded", {{"epcs", rows.rows.size()}});
        return epcs_of(rows);
    } catch (const pg::StoreUnavailable& e) {
        auto cached = load_bound_epc_cache(cache_path_);
        if (cached) {
            log_.warn("database unavailable: bound EPCs from the cache",
                      {{"epcs", cached->size()}, {"error", e.what()}});
        } else {
            log_.warn("database unavailable and no cache: every EPC is taken as bound until the database answers",
                      {{"error", e.what()}});
        }
        return cached;
    }
}

void BindingRefresher::start(Apply apply) {
    apply_ = std::move(apply);
    tick();
}

void BindingRefresher::stop() { timer_.cancel(); }

void BindingRefresher::tick() {
    if (!busy_.exchange(true)) net::post(workers_, [this] { refresh_blocking(); });
    timer_.expires_after(every_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) tick();
    });
}

void BindingRefresher::refresh_blocking() {
    const bool full = need_full_ || std::chrono::steady_clock::now() - last_full_ >= kFullEvery;
    try {
        auto rows = store_.bound_epcs(full ? 0 : older_through_);
        remember(rows, full);
        if (failing_) log_.info("bound EPCs read again", {{"epcs", rows.rows.size()}, {"full", full}});
        failing_ = false;
        net::post(loop_, [this, epcs = epcs_of(rows), full] {
            apply_(epcs, full);
            busy_ = false;
        });
    } catch (const std::exception& e) {
        // The database away, or refusing: what is known stays; the next tick tries again.
        if (!failing_) log_.warn("bound EPCs not read", {{"error", e.what()}});
        failing_ = true;
        busy_ = false;
    }
}

}  // namespace casetrail::gateway
