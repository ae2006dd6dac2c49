// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Alert endpoints:
//   GET /api/v1/alerts (filters: user, state, rule, case_number; paging: before, limit),
//   GET /api/v1/alerts/{alert} (with its notices and deliveries),
//   POST /api/v1/alerts/{alert}/acknowledge, POST /api/v1/alerts/{alert}/resolve,
//   GET /api/v1/staff/{login}/notices?after=N: a person's notices after N; the same path upgraded to a
//   WebSocket streams them live (see http_server.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/domain/alert_service.hpp"
#include "server/http/router.hpp"

namespace casetrail::http {

void add_alert_routes(Router& router, domain::AlertService& service);

struct NoticeStreamTarget {
    std::string login;
    std::int64_t after = 0;
};
// The login and resume point of a notice stream request target; nullopt when the target is not one,
// domain::InvalidArgument when it is one with a bad `after`.
std::optional<NoticeStreamTarget> notice_stream_target(std::string_view target);

}  // namespace casetrail::http
