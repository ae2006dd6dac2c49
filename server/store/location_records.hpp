// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Plain records the location queries return: no libpqxx, no JSON.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casetrail::store {

using TimePoint = std::chrono::system_clock::time_point;

struct PlaceRecord {
    std::int64_t location_id = 0;
    std::string code;
    std::string kind;  // room, cabinet, shelf
    std::string site_name;
    std::optional<std::string> room_name;
    std::optional<std::string> cabinet_name;
    std::optional<std::string> shelf_name;
};

// A place with the cabinet it is (or is in) and that cabinet's shelves, in order: a cabinet's picture.
struct PlaceView {
    PlaceRecord place;
    std::optional<PlaceRecord> cabinet;  // none for a room
    std::vector<PlaceRecord> shelves;
};

struct DossierRecord {
    std::int64_t id = 0;
    std::string case_number;
    std::string title;
    std::string status;
    std::string owning_unit;
    std::optional<std::string> case_handler;
    std::optional<PlaceRecord> home;
};

struct VolumeLocationRecord {
    std::int64_t volume_id = 0;
    int volume_no = 0;
    std::optional<std::string> epc;        // the tag bound now, if any
    bool located = false;                  // false: never seen by a reader
    std::string state;                     // present | absent | ambiguous | out
    PlaceRecord place;                     // present: here; absent: last seen here; out: the doorway it left by
    std::optional<PlaceRecord> alt_place;  // ambiguous: the second place it may be at
    TimePoint since;
    TimePoint last_observed;
    std::string reader_code;
    int antenna_port = 0;
};

struct LocationEventRecord {
    std::int64_t id = 0;
    std::string kind;  // arrived | moved | departed | ambiguous | resolved | passed_out | passed_in
    std::string epc;
    int volume_no = 0;
    PlaceRecord place;
    std::optional<PlaceRecord> from;
    std::optional<PlaceRecord> other;  // ambiguous: the second place; resolved: the one ruled out
    TimePoint observed_at;
    TimePoint recorded_at;
    std::string reader_code;
    int antenna_port = 0;
    std::string evidence_json;
};

}  // namespace casetrail::store
