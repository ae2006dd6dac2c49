// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// One inventory round under any register profile: trigger, wait while busy, read the tag list in the
// profile's mode (table, count + records, or read-next handshake), check the round did not change under
// us, decode. The register transport is abstract, so this runs over Modbus/TCP, RTU, or a test image.

#include <cstdint>
#include <optional>

#include "firmware-bridge/drivers/reader_driver.hpp"
#include "firmware-bridge/profiles/profile.hpp"

namespace casetrail::bridge {

class RegisterIO {
public:
    virtual ~RegisterIO() = default;
    virtual std::optional<ReaderError> read(RegisterKind kind, std::uint16_t address, std::uint16_t count,
                                            std::uint16_t* out) = 0;
    virtual std::optional<ReaderError> write(std::uint16_t address, std::uint16_t value) = 0;
};

common::Result<map::Identity, ReaderError> read_identity(const Profile& profile, RegisterIO& io);
common::Result<InventoryRound, ReaderError> read_inventory(const Profile& profile, RegisterIO& io,
                                                           std::uint16_t antenna_count);

}  // namespace casetrail::bridge
