// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// What the gateway knows of which EPCs are bound to a volume (bound_epcs.hpp): loaded at start from the
// database, else from the cache beside the spool (bound_epc_cache.hpp); then, every `every`, the
// bindings made since, read on the worker pool and applied on the event loop. Each read starts from the
// highest binding id the read before the last one saw, so that a binding committed a little after a
// later one is not missed; every hour (and after a start from the cache) all of them are read again,
// which also forgets the bindings that ended. Every answer goes to the cache as well.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/json_log.hpp"
#include "gateway/store/binding_store.hpp"

namespace casetrail::gateway {

class BindingRefresher {
public:
    // On the event loop: every bound EPC (`full`), or the ones bound since the last answer.
    using Apply = std::function<void(const std::vector<std::string>& epcs, bool full)>;

    BindingRefresher(std::string conninfo, std::string cache_path, std::chrono::milliseconds every,
                     boost::asio::io_context& loop, boost::asio::thread_pool& workers, common::Logger log);

    // At start, on the main thread, before any refresh: every bound EPC, from the database or else the
    // cache; nullopt when neither can tell.
    std::optional<std::vector<std::string>> load_at_start();

    void start(Apply apply);  // on the event loop
    void stop();              // on the event loop: no more refreshes

private:
    void tick();
    void refresh_blocking();  // on the workers, one at a time
    void remember(const BoundEpcRows& rows, bool full);

    BindingStore store_;
    std::string cache_path_;
    std::chrono::milliseconds every_;
    boost::asio::io_context& loop_;
    boost::asio::thread_pool& workers_;
    common::Logger log_;
    boost::asio::steady_timer timer_;
    Apply apply_;
    std::atomic<bool> busy_{false};
    // Worker side (and load_at_start, before the first refresh).
    bool need_full_ = true;
    std::int64_t older_through_ = 0, newer_through_ = 0, cached_through_ = 0;
    std::chrono::steady_clock::time_point last_full_{};
    bool failing_ = false;
};

}  // namespace casetrail::gateway
