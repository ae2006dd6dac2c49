// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The registered antennas as zones of the smoothing core. Each antenna of a configured reader becomes a
// zone with its role and doorway; the map then answers both ways: a read's reader and port -> its zone,
// a stored event's antenna -> its zone, a zone -> what the database calls it. Built once at start, on
// the main thread; only read after that.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gateway/app/gateway_config.hpp"
#include "gateway/smoothing/location_smoother.hpp"
#include "gateway/store/reader_registry.hpp"

namespace casetrail::gateway {

struct ZoneInfo {
    std::string reader_code;
    int port = 0;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
};

class ZoneMap {
public:
    // Adds a zone to `smoother` for every antenna in `antennas` of a reader in `readers`; a reader's
    // index in `readers` is its number in the smoothing core (and in the pollers).
    ZoneMap(const std::vector<ReaderSettings>& readers, const std::vector<RegisteredAntenna>& antennas,
            smoothing::LocationSmoother& smoother);

    std::optional<smoothing::ZoneId> at(int reader, int port) const;
    std::optional<smoothing::ZoneId> of_antenna(std::int64_t antenna_id) const;
    const ZoneInfo& info(smoothing::ZoneId zone) const { return info_.at(zone); }
    const std::vector<std::int64_t>& antenna_ids() const { return antenna_ids_; }

private:
    std::vector<ZoneInfo> info_;                                // by zone id
    std::map<std::pair<int, int>, smoothing::ZoneId> by_port_;  // (reader index, port) -> zone
    std::map<std::int64_t, smoothing::ZoneId> by_antenna_;
    std::vector<std::int64_t> antenna_ids_;
};

}  // namespace casetrail::gateway
