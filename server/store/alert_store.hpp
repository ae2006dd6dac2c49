// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Alerts as people see them: listed with filters, one with its history (notices and deliveries),
// acknowledged and resolved by hand; each person's stream of notices; and the log of deliveries.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/alert_records.hpp"

namespace casetrail::store {

class AlertStore {
public:
    explicit AlertStore(pg::ConnectionPool& pool) : pool_(pool) {}

    // StoreUnknown when a recipient login is given that is nobody's.
    std::vector<AlertRecord> list(const AlertFilter& filter);
    std::optional<AlertRecord> get(std::int64_t id);
    std::vector<NoticeRecord> notices_of(std::int64_t alert_id);  // oldest first
    std::vector<DeliveryRecord> deliveries_of(std::int64_t alert_id);

    // Only someone the alert was sent to acknowledges or resolves it (StoreConflict otherwise, and when it
    // is resolved already); StoreUnknown for an unknown alert or login.
    AlertRecord acknowledge(std::int64_t id, const std::string& actor, TimePoint now);
    AlertRecord resolve(std::int64_t id, const std::string& actor, const std::string& note, TimePoint now);

    // `login`'s notices after `after`, oldest first: the stream a client resumes. StoreUnknown for an
    // unknown login.
    std::vector<NoticeRecord> notices_after(const std::string& login, std::int64_t after, int limit);
    void log_deliveries(const std::vector<std::int64_t>& notice_ids, const std::string& channel,
                        const std::string& target, int attempt, const std::string& outcome,
                        const std::optional<std::string>& detail);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
