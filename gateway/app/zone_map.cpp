// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/zone_map.hpp"

#include <stdexcept>

namespace casetrail::gateway {

ZoneMap::ZoneMap(const std::vector<ReaderSettings>& readers, const std::vector<RegisteredAntenna>& antennas,
                 smoothing::LocationSmoother& smoother) {
    std::map<std::string, int> doorways;  // name -> the smoothing core's portal number
    for (std::size_t i = 0; i < readers.size(); ++i) {
        const int reader = static_cast<int>(i);
        for (const auto& a : antennas) {
            if (a.reader_code != readers[i].id) continue;
            smoothing::ZoneSpec spec{reader, a.location_id, smoothing::Role::shelf, -1};
            for (const auto& c : readers[i].antennas) {
                if (c.port != a.port) continue;
                spec.role = *smoothing::role_from_string(c.role);  // checked when the config was loaded
                if (!c.portal.empty()) {
                    spec.portal = doorways.try_emplace(c.portal, static_cast<int>(doorways.size())).first->second;
                }
            }
            const auto zone = smoother.add_zone(spec);
            if (zone != info_.size()) throw std::logic_error("zone ids must follow the order zones are added in");
            info_.push_back({a.reader_code, a.port, a.antenna_id, a.location_id});
            by_port_[{reader, a.port}] = zone;
            by_antenna_[a.antenna_id] = zone;
            antenna_ids_.push_back(a.antenna_id);
        }
    }
}

std::optional<smoothing::ZoneId> ZoneMap::at(int reader, int port) const {
    if (auto it = by_port_.find({reader, port}); it != by_port_.end()) return it->second;
    return std::nullopt;
}

std::optional<smoothing::ZoneId> ZoneMap::of_antenna(std::int64_t antenna_id) const {
    if (auto it = by_antenna_.find(antenna_id); it != by_antenna_.end()) return it->second;
    return std::nullopt;
}

}  // namespace casetrail::gateway
