// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/dossier_change_feed.hpp"

#include <condition_variable>

#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace casetrail::domain {

namespace {
constexpr int kRowsPerRead = 2000;
}

DossierChangeFeed::Token DossierChangeFeed::watch(std::int64_t dossier_id, Watcher fn) {
    auto token = std::make_shared<Watcher>(std::move(fn));
    std::lock_guard lock(mutex_);
    watchers_.emplace(dossier_id, token);
    return token;
}

void DossierChangeFeed::pass() {
    std::int64_t from = 0;
    {
        std::lock_guard lock(mutex_);
        from = seq_;
    }
    if (from < 0) {
        const auto latest = store_.latest_seq();
        std::lock_guard lock(mutex_);
        seq_ = latest;
        ++passes_;
        return;
    }
    std::set<std::pair<std::int64_t, std::string>> news;
    std::int64_t last = from;
    for (;;) {
        const auto page = store_.changes_after(last, kRowsPerRead);
        for (const auto& c : page.changes) news.emplace(c.dossier_id, c.what);
        last = page.last_seq;
        if (page.rows_read < kRowsPerRead) break;
    }
    std::vector<std::pair<std::shared_ptr<Watcher>, std::string>> calls;
    {
        std::lock_guard lock(mutex_);
        seq_ = last;
        ++passes_;
        std::erase_if(watchers_, [](const auto& w) { return w.second.expired(); });
        for (const auto& [dossier, what] : news) {
            const auto [begin, end] = watchers_.equal_range(dossier);
            for (auto it = begin; it != end; ++it) {
                if (auto w = it->second.lock()) calls.emplace_back(std::move(w), what);
            }
        }
    }
    for (const auto& [w, what] : calls) (*w)(what);
}

void DossierChangeFeed::run(std::stop_token stop, std::chrono::milliseconds every) {
    std::mutex m;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
        try {
            pass();
        } catch (const std::exception& e) {
            log_.debug("dossier change pass skipped", {{"error", e.what()}});
        }
        std::unique_lock lock(m);
        wake.wait_for(lock, stop, every, [] { return false; });
    }
}

std::int64_t DossierChangeFeed::passes() const {
    std::lock_guard lock(mutex_);
    return passes_;
}

}  // namespace casetrail::domain
