// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The simulated RF field: which tag lies at which antenna, with what signal strength. Pure; no I/O.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "firmware-bridge/profiles/reader_data.hpp"

namespace casetrail::bridge::sim {

struct FieldTag {
    std::uint16_t antenna = 1;
    std::int16_t rssi_decidbm = -550;
    std::uint16_t between = 0;  // parked between `antenna` and this one: both hear it, 3 dB weaker each
};

class TagField {
public:
    explicit TagField(std::uint16_t antenna_count);

    std::uint16_t antenna_count() const { return antenna_count_; }

    // Each throws std::invalid_argument with a message for the operator on a bad EPC, antenna or state.
    void add(const std::string& epc, std::uint16_t antenna, std::int16_t rssi_decidbm);
    void move(const std::string& epc, std::uint16_t antenna);
    // Leaves the tag between two antennas (a dossier lying across two shelves' fields).
    void park(const std::string& epc, std::uint16_t antenna, std::uint16_t other);
    void remove(const std::string& epc);

    // The tags one inventory round reports, in a stable order (by EPC): where they truly are.
    std::vector<map::TagRecord> inventory() const;

    // Every change (add, move, park, remove) is told here: the simulator's ground truth. antenna 0: removed;
    // between: the second antenna of a parked tag, else 0.
    using Observer =
        std::function<void(const std::string& epc, std::uint16_t antenna, std::uint16_t between, const char* change)>;
    void set_observer(Observer observer) { observer_ = std::move(observer); }
    std::size_t size() const { return tags_.size(); }
    bool has(const std::string& epc) const;
    const FieldTag* find(const std::string& epc) const;

private:
    std::string checked_epc(const std::string& epc) const;
    void check_antenna(std::uint16_t antenna) const;

    std::uint16_t antenna_count_;
    std::map<std::string, FieldTag> tags_;
    Observer observer_;
};

}  // namespace casetrail::bridge::sim
