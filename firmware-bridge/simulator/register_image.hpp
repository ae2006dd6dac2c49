// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The registers a simulated reader shows, kept the way its profile lays them out: identity, status,
// count, tag records (table, count + records, or a read-next buffer), refreshed by each inventory round.
// Pure: no sockets.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "firmware-bridge/profiles/profile.hpp"
#include "firmware-bridge/profiles/reader_data.hpp"

namespace casetrail::bridge::sim {

class RegisterImage {
public:
    RegisterImage(Profile profile, const map::Identity& identity);

    std::uint16_t* holding() { return holding_.data(); }
    std::uint16_t* input() { return input_.data(); }
    static constexpr std::size_t kSize = 65535;

    // What a write to `address` does: 0 accepted, else the Modbus exception code to answer.
    enum class WriteEffect { none, trigger, ack, refused_address, refused_value };
    WriteEffect classify_write(std::uint16_t address, std::uint16_t value) const;

    // A completed inventory round with these tags.
    void publish_round(const std::vector<map::TagRecord>& all);
    // The client acknowledged the record buffer (handshake mode): show the next tag.
    void acknowledge();

    const Profile& profile() const { return profile_; }
    // The profile answers an empty round with an exception, and this read touches the tag list.
    std::optional<int> empty_answer(RegisterKind kind, std::uint16_t address, std::uint16_t count) const;
    std::uint64_t rounds() const { return rounds_; }

private:
    std::uint16_t* image(RegisterKind kind) { return kind == RegisterKind::holding ? holding_.data() : input_.data(); }
    void show_head();

    Profile profile_;
    std::vector<std::uint16_t> holding_;
    std::vector<std::uint16_t> input_;
    std::deque<map::TagRecord> pending_;  // handshake mode: tags not yet acknowledged
    std::uint16_t round_ = 0;
    std::uint64_t rounds_ = 0;
    std::size_t last_round_tags_ = 0;
};

}  // namespace casetrail::bridge::sim
