// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Alerts for people: listed, shown with their history, acknowledged, resolved by hand with a note; and
// each person's stream of notices, as the one JSON shape the WebSocket and the webhooks both send.
// Knows nothing of HTTP.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "server/domain/notice_bell.hpp"
#include "server/store/alert_store.hpp"

namespace casetrail::domain {

struct AlertQuery {
    std::optional<std::string> user, state, rule, case_number;
    std::optional<std::int64_t> before;
    int limit = 100;
};

nlohmann::json alert_json(const store::AlertRecord& a);
nlohmann::json notice_json(const store::NoticeRecord& n);

class AlertService {
public:
    AlertService(store::AlertStore& store, const common::Clock& clock, NoticeBell& bell)
        : store_(store), clock_(clock), bell_(bell) {}

    std::vector<store::AlertRecord> list(const AlertQuery& q);
    // The alert with its notices and delivery log; NotFound for an unknown id. Where a delivery went (a
    // webhook's URL, a WebSocket client's address) only with `targets` shown: admins see them.
    enum class Targets { shown, hidden };
    nlohmann::json history(std::int64_t id, Targets targets);
    store::AlertRecord acknowledge(std::int64_t id, const std::string& actor);
    store::AlertRecord resolve(std::int64_t id, const std::string& actor, const std::string& note);

    // The notices of `login` after `after` (oldest first, at most `limit`), as JSON.
    std::vector<nlohmann::json> notices_after(const std::string& login, std::int64_t after, int limit);
    // Logs that these notices went out on a WebSocket to `target`.
    void delivered_on_websocket(const std::vector<std::int64_t>& notice_ids, const std::string& target);

    NoticeBell& bell() { return bell_; }

private:
    store::AlertStore& store_;
    const common::Clock& clock_;
    NoticeBell& bell_;
};

}  // namespace casetrail::domain
