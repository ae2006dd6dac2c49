// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/event_rows.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "common/time_format.hpp"
#include "gateway/events/event_id.hpp"

namespace casetrail::gateway {

namespace {

double rounded(double v, double unit) { return std::round(v / unit) * unit; }

// What decided the event, for audit: reads, signal and window at the place, and at the other place.
nlohmann::json evidence_of(const smoothing::LocationEvent& e) {
    using smoothing::EventKind;
    const auto& ev = e.evidence;
    nlohmann::json j = {{"decided_at", common::format_utc(e.decided_at)}};
    if (e.kind == EventKind::passed_out || e.kind == EventKind::passed_in) {
        auto side = [](const smoothing::PortalSide& s) {
            return nlohmann::json{{"reads", s.reads}, {"peak_rssi_dbm", s.reads ? rounded(s.peak_dbm, 0.1) : 0.0}};
        };
        j["inside"] = side(ev.pass.inside);
        j["outside"] = side(ev.pass.outside);
        j["gap_ms"] = std::lround(ev.pass.gap_ms);
        return j;
    }
    j["reads"] = ev.reads;
    j["window_rounds"] = ev.window;
    j["read_rate"] = rounded(ev.read_rate, 0.01);
    j["rssi_dbm"] = rounded(ev.rssi_dbm, 0.1);
    if (e.kind == EventKind::moved || e.kind == EventKind::ambiguous || e.kind == EventKind::resolved) {
        j["other_reads"] = ev.other_reads;
        j["other_rssi_dbm"] = rounded(ev.other_rssi_dbm, 0.1);
    }
    if (e.kind == EventKind::moved || e.kind == EventKind::departed || e.kind == EventKind::resolved) {
        j["quiet_rounds"] = ev.quiet_rounds;
    }
    return j;
}

}  // namespace

EventRow to_row(const smoothing::LocationEvent& e, const std::string& epc, const ZoneMap& zones) {
    using smoothing::EventKind;
    const auto& z = zones.info(e.zone);
    EventRow row;
    row.kind = smoothing::to_string(e.kind);
    row.observed_us = common::to_epoch_us(e.observed_at);
    row.event_id = event_id(z.reader_code, z.port, epc, row.kind, row.observed_us);
    row.epc = epc;
    row.antenna_id = z.antenna_id;
    row.location_id = z.location_id;
    if (e.kind == EventKind::moved) row.from_location_id = zones.info(e.other).location_id;
    if (e.kind == EventKind::ambiguous || e.kind == EventKind::resolved) {
        row.alt_antenna_id = zones.info(e.other).antenna_id;
        row.alt_location_id = zones.info(e.other).location_id;
    }
    row.evidence_json = evidence_of(e).dump();
    return row;
}

std::optional<float> evidence_rssi(const EventRow& row) {
    const auto j = nlohmann::json::parse(row.evidence_json, nullptr, false);
    if (j.is_object() && j.contains("rssi_dbm") && j["rssi_dbm"].is_number()) return j["rssi_dbm"].get<float>();
    return std::nullopt;
}

bool leaves_place(const std::string& kind) { return kind == "departed" || kind == "passed_out" || kind == "passed_in"; }

}  // namespace casetrail::gateway
