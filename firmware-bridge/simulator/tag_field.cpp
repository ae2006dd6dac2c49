// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/tag_field.hpp"

#include <stdexcept>

#include "common/epc.hpp"

namespace casetrail::bridge::sim {

namespace {
// Each simulated tag answers this often per round; a real reader reports how often it singulated the tag.
constexpr std::uint16_t kReadsPerRound = 3;
}  // namespace

TagField::TagField(std::uint16_t antenna_count) : antenna_count_(antenna_count) {
    if (antenna_count < 1 || antenna_count > map::kMaxAntennas) {
        throw std::invalid_argument("antenna count must be 1..32");
    }
}

std::string TagField::checked_epc(const std::string& epc) const {
    auto canonical = common::normalize_epc(epc);
    if (!canonical) throw std::invalid_argument("\"" + epc + "\" is not an EPC (4..64 hex digits, whole words)");
    return *canonical;
}

void TagField::check_antenna(std::uint16_t antenna) const {
    if (antenna < 1 || antenna > antenna_count_) {
        throw std::invalid_argument("antenna " + std::to_string(antenna) + " is outside 1.." +
                                    std::to_string(antenna_count_));
    }
}

void TagField::add(const std::string& epc, std::uint16_t antenna, std::int16_t rssi_decidbm) {
    const auto key = checked_epc(epc);
    check_antenna(antenna);
    if (tags_.count(key)) throw std::invalid_argument("tag " + key + " is already in the field");
    tags_[key] = FieldTag{antenna, rssi_decidbm, 0};
    if (observer_) observer_(key, antenna, 0, "add");
}

void TagField::move(const std::string& epc, std::uint16_t antenna) {
    const auto key = checked_epc(epc);
    check_antenna(antenna);
    auto it = tags_.find(key);
    if (it == tags_.end()) throw std::invalid_argument("tag " + key + " is not in the field");
    it->second.antenna = antenna;
    it->second.between = 0;
    if (observer_) observer_(key, antenna, 0, "move");
}

void TagField::park(const std::string& epc, std::uint16_t antenna, std::uint16_t other) {
    const auto key = checked_epc(epc);
    check_antenna(antenna);
    check_antenna(other);
    if (antenna == other) throw std::invalid_argument("a tag is parked between two different antennas");
    auto it = tags_.find(key);
    if (it == tags_.end()) throw std::invalid_argument("tag " + key + " is not in the field");
    it->second.antenna = antenna;
    it->second.between = other;
    if (observer_) observer_(key, antenna, other, "park");
}

void TagField::remove(const std::string& epc) {
    const auto key = checked_epc(epc);
    if (!tags_.erase(key)) throw std::invalid_argument("tag " + key + " is not in the field");
    if (observer_) observer_(key, 0, 0, "remove");
}

bool TagField::has(const std::string& epc) const { return find(epc) != nullptr; }

const FieldTag* TagField::find(const std::string& epc) const {
    const auto key = common::normalize_epc(epc);
    if (!key) return nullptr;
    auto it = tags_.find(*key);
    return it == tags_.end() ? nullptr : &it->second;
}

std::vector<map::TagRecord> TagField::inventory() const {
    std::vector<map::TagRecord> out;
    out.reserve(tags_.size());
    for (const auto& [epc, t] : tags_) {
        if (!t.between) {
            out.push_back({epc, t.antenna, t.rssi_decidbm, kReadsPerRound});
            continue;
        }
        const auto half = static_cast<std::int16_t>(t.rssi_decidbm - 30);  // half the power on each side
        out.push_back({epc, t.antenna, half, kReadsPerRound});
        out.push_back({epc, t.between, half, kReadsPerRound});
    }
    return out;
}

}  // namespace casetrail::bridge::sim
