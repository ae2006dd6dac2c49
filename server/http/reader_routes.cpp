// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/reader_routes.hpp"

#include "common/time_format.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

namespace {
nlohmann::json reader_json(const store::ReaderRecord& r) {
    nlohmann::json j = {{"code", r.code},       {"transport", r.transport}, {"address", r.address},
                        {"unit_id", r.unit_id}, {"site", r.site},           {"antennas", r.antennas}};
    if (!r.reported) {
        j["health"] = nullptr;
        return j;
    }
    nlohmann::json exceptions = nlohmann::json::parse(r.exceptions_json, nullptr, false);
    j["health"] = {
        {"state", r.state},
        {"since", common::format_utc(r.since)},
        {"reason", r.reason ? nlohmann::json(*r.reason) : nlohmann::json(nullptr)},
        {"last_good_poll",
         r.last_good_poll ? nlohmann::json(common::format_utc(*r.last_good_poll)) : nlohmann::json(nullptr)},
        {"consecutive_failures", r.consecutive_failures},
        {"polls", r.polls},
        {"failures", r.failures},
        {"timeouts", r.timeouts},
        {"crc_errors", r.crc_errors},
        {"decode_errors", r.decode_errors},
        {"reconnects", r.reconnects},
        {"exceptions", exceptions.is_discarded() ? nlohmann::json::object() : exceptions},
        {"latency_ms",
         {{"p50", r.latency_p50_ms ? nlohmann::json(*r.latency_p50_ms) : nlohmann::json(nullptr)},
          {"p99", r.latency_p99_ms ? nlohmann::json(*r.latency_p99_ms) : nlohmann::json(nullptr)}}},
        {"reported_at", common::format_utc(r.reported_at)},
    };
    return j;
}
}  // namespace

void add_reader_routes(Router& router, domain::ReaderService& service) {
    router.add("GET", "/api/v1/readers", allow(kEveryRole), [&service](const ApiRequest&, const RouteParams&) {
        nlohmann::json readers = nlohmann::json::array();
        for (const auto& r : service.list()) readers.push_back(reader_json(r));
        return ApiResponse{200, {{"readers", readers}}};
    });
}

}  // namespace casetrail::http
