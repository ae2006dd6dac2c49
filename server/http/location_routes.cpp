// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/location_routes.hpp"

#include <algorithm>

#include "common/time_format.hpp"
#include "server/domain/errors.hpp"
#include "server/http/query_params.hpp"

namespace casetrail::http {

using domain::kAnyStaff;
using domain::kEveryRole;
using domain::Role;
using domain::roles;

namespace {

nlohmann::json optional_json(const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

std::string place_path(const store::PlaceRecord& p) {
    std::string out = p.site_name;
    for (const auto* part : {&p.room_name, &p.cabinet_name, &p.shelf_name}) {
        if (*part) out += " / " + **part;
    }
    return out;
}

nlohmann::json dossier_json(const store::DossierRecord& d) {
    return {{"case_number", d.case_number},
            {"title", d.title},
            {"status", d.status},
            {"owning_unit", d.owning_unit},
            {"case_handler", optional_json(d.case_handler)},
            {"home", d.home ? place_json(*d.home) : nlohmann::json(nullptr)}};
}

}  // namespace

nlohmann::json place_json(const store::PlaceRecord& p) {
    return {{"code", p.code},
            {"kind", p.kind},
            {"site", p.site_name},
            {"room", optional_json(p.room_name)},
            {"cabinet", optional_json(p.cabinet_name)},
            {"shelf", optional_json(p.shelf_name)},
            {"path", place_path(p)}};
}

nlohmann::json where_json(const domain::WhereAnswer& a) {
    nlohmann::json volumes = nlohmann::json::array();
    for (const auto& v : a.volumes) {
        nlohmann::json j = {{"volume", v.volume_no}, {"epc", optional_json(v.epc)}};
        if (!v.located) {
            j["state"] = "unknown";
            j["location"] = nullptr;
        } else if (v.state == "ambiguous" && v.alt_place) {
            // Honestly between two places: no single location, both candidates.
            j["state"] = v.state;
            j["location"] = nullptr;
            j["candidates"] = {place_json(v.place), place_json(*v.alt_place)};
        } else {
            j["state"] = v.state;
            j["location"] = place_json(v.place);
        }
        if (v.located) {
            j["since"] = common::format_utc(v.since);
            j["last_seen"] = {
                {"reader", v.reader_code}, {"antenna", v.antenna_port}, {"at", common::format_utc(v.last_observed)}};
        }
        volumes.push_back(std::move(j));
    }
    nlohmann::json out = {
        {"dossier", dossier_json(a.dossier)}, {"matched_by", a.matched_by}, {"split", a.split}, {"volumes", volumes}};
    // The dossier's own location is its volumes' when they are together.
    out["location"] = a.split || volumes.empty() ? nlohmann::json(nullptr) : volumes[0]["location"];
    out["state"] =
        a.split ? nlohmann::json("split") : (volumes.empty() ? nlohmann::json("unknown") : volumes[0]["state"]);
    if (!a.split && !volumes.empty() && volumes[0].contains("since")) {
        out["since"] = volumes[0]["since"];
        out["last_seen"] = volumes[0]["last_seen"];
    }
    if (!a.split && !volumes.empty() && volumes[0].contains("candidates")) out["candidates"] = volumes[0]["candidates"];
    return out;
}

nlohmann::json history_json(const domain::HistoryPage& page) {
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : page.events) {
        nlohmann::json evidence = nlohmann::json::parse(e.evidence_json, nullptr, false);
        events.push_back({{"id", e.id},
                          {"kind", e.kind},
                          {"volume", e.volume_no},
                          {"epc", e.epc},
                          {"location", place_json(e.place)},
                          {"from", e.from ? place_json(*e.from) : nlohmann::json(nullptr)},
                          {"other", e.other ? place_json(*e.other) : nlohmann::json(nullptr)},
                          {"observed_at", common::format_utc(e.observed_at)},
                          {"recorded_at", common::format_utc(e.recorded_at)},
                          {"reader", e.reader_code},
                          {"antenna", e.antenna_port},
                          {"evidence", evidence.is_discarded() ? nlohmann::json(nullptr) : evidence}});
    }
    return {{"dossier", dossier_json(page.dossier)},
            {"events", events},
            {"next_before", page.next_before ? nlohmann::json(*page.next_before) : nlohmann::json(nullptr)}};
}

std::optional<std::string> dossier_changes_ident(std::string_view target) {
    constexpr std::string_view head = "/api/v1/dossiers/", tail = "/changes";
    const auto path = target.substr(0, target.find('?'));
    if (path.size() <= head.size() + tail.size() || path.substr(0, head.size()) != head ||
        path.substr(path.size() - tail.size()) != tail) {
        return std::nullopt;
    }
    const auto raw = path.substr(head.size(), path.size() - head.size() - tail.size());
    if (raw.find('/') != std::string_view::npos) return std::nullopt;
    auto ident = percent_decode(raw);
    if (!ident) throw domain::InvalidArgument("malformed percent-encoding in the path");
    return ident;
}

void add_location_routes(Router& router, domain::LocationService& service) {
    // Only its upgrade is served (http_server.cpp); a plain GET is told so, after the same checks.
    router.add("GET", "/api/v1/dossiers/{id}/changes", allow(kAnyStaff),
               [](const ApiRequest&, const RouteParams&) -> ApiResponse {
                   throw domain::InvalidArgument("this is a WebSocket: open it with Upgrade: websocket");
               });
    // Places are no secret (like units): the dossiers in them are what the scope keeps.
    router.add("GET", "/api/v1/places/{code}", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams& p) {
        const auto v = service.place(p.path.at("code"));
        nlohmann::json shelves = nlohmann::json::array();
        for (const auto& s : v.shelves) shelves.push_back(place_json(s));
        return ApiResponse{200,
                           {{"place", place_json(v.place)},
                            {"cabinet", v.cabinet ? place_json(*v.cabinet) : nlohmann::json(nullptr)},
                            {"shelves", shelves}}};
    });
    router.add("GET", "/api/v1/dossiers/{id}/location", allow(kAnyStaff),
               [&service](const ApiRequest&, const RouteParams& p) {
                   return ApiResponse{200, where_json(service.where(p.path.at("id")))};
               });
    router.add(
        "GET", "/api/v1/dossiers/{id}/history", allow(kAnyStaff), [&service](const ApiRequest&, const RouteParams& p) {
            // Clamped only to fit an int; the service rejects anything outside its range.
            const auto limit = std::clamp<std::int64_t>(query_integer(p, "limit", domain::kDefaultHistoryLimit), 0,
                                                        domain::kMaxHistoryLimit + 1);
            std::optional<std::int64_t> before;
            if (p.query.count("before")) before = query_integer(p, "before", 0);
            return ApiResponse{200, history_json(service.history(p.path.at("id"), static_cast<int>(limit), before))};
        });
}

}  // namespace casetrail::http
