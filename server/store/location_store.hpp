// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Read side of the location trail: find a dossier, where its volumes are, and its event history.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/location_records.hpp"

namespace casetrail::store {

class LocationStore {
public:
    explicit LocationStore(pg::ConnectionPool& pool) : pool_(pool) {}

    std::optional<DossierRecord> dossier_by_case_number(const std::string& case_number);
    // The dossier whose volume carries this EPC now.
    std::optional<DossierRecord> dossier_by_epc(const std::string& epc);
    std::vector<VolumeLocationRecord> volume_locations(std::int64_t dossier_id);
    // Newest first; `before_id` continues a previous page.
    std::vector<LocationEventRecord> history(std::int64_t dossier_id, int limit, std::optional<std::int64_t> before_id);
    // The place with this code, its cabinet and the cabinet's shelves; nullopt for an unknown code.
    std::optional<PlaceView> place_view(const std::string& code);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
