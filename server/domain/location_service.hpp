// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// "Where is dossier X, and where has it been": resolves what the user typed to a dossier and answers
// from the store. Knows nothing of HTTP.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/location_store.hpp"

namespace casetrail::domain {

struct WhereAnswer {
    store::DossierRecord dossier;
    std::string matched_by;  // "case_number" or "epc"
    std::vector<store::VolumeLocationRecord> volumes;
    // The volumes are in different places (or some are unlocated while others are not).
    bool split = false;
};

struct HistoryPage {
    store::DossierRecord dossier;
    std::vector<store::LocationEventRecord> events;  // newest first
    std::optional<std::int64_t> next_before;         // pass as `before` for the next page
};

inline constexpr int kDefaultHistoryLimit = 50;
inline constexpr int kMaxHistoryLimit = 500;

class LocationService {
public:
    explicit LocationService(store::LocationStore& store) : store_(store) {}

    // Throws InvalidArgument for a malformed identifier, NotFound for an unknown one.
    WhereAnswer where(std::string_view text);
    HistoryPage history(std::string_view text, int limit, std::optional<std::int64_t> before);
    // The dossier a case number or EPC names, and which of the two matched ("case_number" or "epc").
    std::pair<store::DossierRecord, std::string> find(std::string_view text);
    std::vector<store::VolumeLocationRecord> volumes(std::int64_t dossier_id) {
        return store_.volume_locations(dossier_id);
    }
    // NotFound for a code no place has.
    store::PlaceView place(const std::string& code);

private:
    store::LocationStore& store_;
};

}  // namespace casetrail::domain
