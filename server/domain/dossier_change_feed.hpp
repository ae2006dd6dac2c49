// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Tells whoever watches a dossier (a dossier page's stream) what changed about it: its place, its custody,
// its register entry, its alerts. One reader of the audit trail for the whole server, a few times a
// second, whoever made the change (this server, another, the gateway); watchers are called on that
// thread and must only hand the news on. Thread-safe; a watch ends when its token goes.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>

#include "common/json_log.hpp"
#include "server/store/change_store.hpp"

namespace casetrail::domain {

class DossierChangeFeed {
public:
    using Watcher = std::function<void(const std::string& what)>;
    using Token = std::shared_ptr<Watcher>;

    DossierChangeFeed(store::ChangeStore& store, common::Logger log) : store_(store), log_(std::move(log)) {}

    [[nodiscard]] Token watch(std::int64_t dossier_id, Watcher fn);

    // Reads what was written since the last pass and tells the watchers (each what once per pass).
    // The first pass only finds where the trail ends. Throws what the store throws.
    void pass();
    // Passes every `every` until stopped; a database away is logged and tried again.
    void run(std::stop_token stop, std::chrono::milliseconds every);
    std::int64_t passes() const;

private:
    store::ChangeStore& store_;
    common::Logger log_;
    mutable std::mutex mutex_;
    std::multimap<std::int64_t, std::weak_ptr<Watcher>> watchers_;
    std::int64_t seq_ = -1;  // -1: not yet read
    std::int64_t passes_ = 0;
};

}  // namespace casetrail::domain
