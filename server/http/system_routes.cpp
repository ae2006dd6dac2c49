// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/system_routes.hpp"

#include "common/build_info.hpp"

namespace casetrail::http {

void add_system_routes(Router& router, domain::HealthService& health) {
    router.add("GET", "/api/v1/health", public_route(), [&health](const ApiRequest&, const RouteParams&) {
        const bool db = health.database_reachable();
        const auto progress = health.progress();
        return ApiResponse{db ? 200u : 503u,
                           {{"status", db ? "ok" : "degraded"},
                            {"database", db ? "ok" : "unavailable"},
                            {"version", common::kVersion},
                            {"commit", common::build_commit()},
                            {"rules",
                             {{"sweeps", progress.rule_sweeps},
                              {"steps", progress.rule_steps},
                              {"sweeps_started", progress.rule_sweeps_started},
                              {"steps_started", progress.rule_steps_started}}},
                            {"webhooks", {{"passes", progress.webhook_passes}}}}};
    });
}

}  // namespace casetrail::http
