// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Stock-taking in PostgreSQL: sessions with who takes part, the expected list frozen at the start,
// handheld batches (idempotent by batch id and uploader), and the raw material of the result: what was
// expected, and where the fixed readers and the handhelds saw which tag during the session.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/stocktake_records.hpp"

namespace casetrail::store {

struct ExpectedVolume {
    std::int64_t volume_id = 0;
    std::string case_number;
    int volume_no = 0;
    std::optional<std::string> epc;
    std::string home;
};

struct Sighting {
    std::string epc;
    std::string location;  // code
    std::string seen_by;   // "fixed reader" or a login
};

struct TagOwner {
    std::int64_t volume_id = 0;
    std::string case_number;
    int volume_no = 0;
    std::optional<std::string> home;
};

struct LastKnown {
    std::optional<std::string> location, state;
    std::optional<TimePoint> since;
    std::optional<std::string> holder;  // checked out to
};

struct StocktakeMaterial {
    StocktakeRecord session;
    std::vector<ExpectedVolume> expected;
    std::vector<Sighting> sightings;                       // handhelds first, then fixed readers, each in time order
    std::vector<std::pair<std::string, TagOwner>> owners;  // EPC -> the volume it is bound to now
    std::vector<std::pair<std::int64_t, LastKnown>> last_known;  // expected volume -> where last
    std::vector<StaffScanCount> by_staff;
};

class StocktakeStore {
public:
    explicit StocktakeStore(pg::ConnectionPool& pool) : pool_(pool) {}

    // The actor takes part, and each of `participants`, who must be active staff holding one of
    // `scanning_roles` (StoreUnknown naming the login; StoreInvalid naming the field, participants[i]).
    // StoreUnknown for an unknown scope or actor; StoreConflict when a session over that scope is open.
    StocktakeRecord start(const std::string& scope, const std::string& actor, const std::optional<std::string>& note,
                          const std::vector<std::string>& participants, const std::vector<std::string>& scanning_roles);
    std::optional<StocktakeRecord> session(std::int64_t id);
    // `login` takes part from now on, added by `actor`, on the same terms as at the start (the field:
    // login). StoreUnknown for an unknown session; StoreConflict when it is finished. Whether the actor
    // may add anyone is the caller's to decide.
    ParticipantOutcome add_participant(std::int64_t id, const std::string& login, const std::string& actor,
                                       const std::vector<std::string>& scanning_roles);
    // StoreConflict when the session is finished, or when another person uploaded a batch of that id;
    // StoreInvalid naming a location outside the scope; StoreUnknown for an unknown location code. All of
    // the batch or nothing; the same person's batch id again is answered as already uploaded.
    BatchOutcome add_batch(std::int64_t id, const std::string& batch_id, const std::string& actor,
                           const std::vector<HandheldScan>& scans);
    StocktakeRecord finish(std::int64_t id, const std::string& actor);
    StocktakeMaterial material(std::int64_t id);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
