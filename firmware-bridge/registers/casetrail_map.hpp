#pragma once
// Casetrail's Modbus register map for a UHF reader, version 1 (documented in firmware-bridge/README.md).
// All registers are holding registers (read with FC 03; the trigger is written with FC 06 or FC 16).
// This header and its .cpp are the single place that knows the layout: the simulator encodes with it,
// the drivers decode with it.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "support/result.hpp"

namespace casetrail::bridge::map {

inline constexpr std::uint16_t kMagic = 0x4354;  // "CT"
inline constexpr std::uint16_t kMapVersion = 1;

// Modbus allows at most 125 registers in one read (FC 03/04).
inline constexpr std::uint16_t kMaxRegistersPerRead = 125;

// Identity block.
inline constexpr std::uint16_t kIdentityAddress = 0x0000;
inline constexpr std::uint16_t kIdentityRegisters = 12;  // magic, version, firmware, antennas, serial[8]
inline constexpr std::size_t kSerialChars = 16;
inline constexpr std::uint16_t kMaxAntennas = 32;

// Status block.
inline constexpr std::uint16_t kStatusAddress = 0x0010;
inline constexpr std::uint16_t kStatusRegisters = 4;  // flags, round counter, tag count, round duration ms
inline constexpr std::uint16_t kStatusReady = 0x0001;
inline constexpr std::uint16_t kStatusBusy = 0x0002;
inline constexpr std::uint16_t kStatusAntennaFault = 0x0004;
inline constexpr std::uint16_t kStatusOverflow = 0x0008;  // more tags in the field than table slots

// Inventory trigger: write 1 to run a round; reads 0 when idle.
inline constexpr std::uint16_t kTriggerAddress = 0x0020;
inline constexpr std::uint16_t kTriggerStart = 1;

// Tag table: fixed-size slots, filled from slot 0 with the tags of the last completed round.
inline constexpr std::uint16_t kTagTableAddress = 0x0100;
inline constexpr std::uint16_t kSlotRegisters = 20;  // epc bits, antenna, rssi, read count, epc[16]
inline constexpr std::uint16_t kSlotHeaderRegisters = 4;
inline constexpr std::uint16_t kTagTableSlots = 1000;
inline constexpr std::uint16_t kSlotsPerRead = kMaxRegistersPerRead / kSlotRegisters;  // 6 slots, 120 registers

enum class DecodeErrorKind {
    short_buffer,         // fewer registers than the block needs
    bad_magic,            // not a Casetrail reader
    unsupported_version,  // a map version this code does not know
    bad_count,            // a tag count larger than the table
    bad_epc_length,       // not a whole number of words in 16..256 bits
    bad_antenna,          // antenna port 0 or above the reader's antenna count
    bad_field,            // any other field out of its range
};
using DecodeError = support::Error<DecodeErrorKind>;

struct Identity {
    std::uint16_t map_version = kMapVersion;
    std::uint16_t firmware = 0;  // major << 8 | minor
    std::uint16_t antenna_count = 0;
    std::string serial;  // up to 16 printable ASCII characters
};

struct Status {
    std::uint16_t flags = 0;
    std::uint16_t round = 0;  // increments (and wraps) with each completed inventory round
    std::uint16_t tag_count = 0;
    std::uint16_t round_ms = 0;
};

struct TagRecord {
    std::string epc;           // upper-case hex, 4..64 digits
    std::uint16_t antenna = 0; // 1-based port
    std::int16_t rssi_decidbm = 0;  // tenths of a dBm, e.g. -523 = -52.3 dBm
    std::uint16_t read_count = 0;   // reads of this tag on this antenna in the round, >= 1
};

// A read request: `count` registers from `address`.
struct Block {
    std::uint16_t address;
    std::uint16_t count;
    bool operator==(const Block&) const = default;
};

support::Result<Identity, DecodeError> decode_identity(std::span<const std::uint16_t> regs);
support::Result<Status, DecodeError> decode_status(std::span<const std::uint16_t> regs);
support::Result<TagRecord, DecodeError> decode_tag_record(std::span<const std::uint16_t> slot,
                                                          std::uint16_t antenna_count);
// `regs` holds tag_count slots read from the start of the table.
support::Result<std::vector<TagRecord>, DecodeError> decode_tag_table(std::span<const std::uint16_t> regs,
                                                                      std::uint16_t tag_count,
                                                                      std::uint16_t antenna_count);

// The reads that fetch `tag_count` slots: whole slots, at most kMaxRegistersPerRead registers each.
std::vector<Block> plan_tag_table_reads(std::uint16_t tag_count);

// Encoders, for the simulator and tests. They throw std::invalid_argument on values the map cannot hold.
std::array<std::uint16_t, kIdentityRegisters> encode_identity(const Identity& id);
std::array<std::uint16_t, kStatusRegisters> encode_status(const Status& s);
std::array<std::uint16_t, kSlotRegisters> encode_tag_record(const TagRecord& t);

}  // namespace casetrail::bridge::map
