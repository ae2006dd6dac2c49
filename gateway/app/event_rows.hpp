// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A decision of the smoothing core as the row the location trail stores: its deterministic id, the
// antennas and places by their database ids, and its evidence (what decided it, for audit) as JSON.
// Pure.

#include <optional>
#include <string>

#include "gateway/app/zone_map.hpp"
#include "gateway/smoothing/location_smoother.hpp"
#include "gateway/store/event_store.hpp"

namespace casetrail::gateway {

EventRow to_row(const smoothing::LocationEvent& event, const std::string& epc, const ZoneMap& zones);

// The signal recorded with an event, so that a restarted core knows the tag's usual strength there.
std::optional<float> evidence_rssi(const EventRow& row);

// After an event of this kind the tag is at no place (gone from coverage, or through a doorway).
bool leaves_place(const std::string& kind);

}  // namespace casetrail::gateway
