// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A reader register profile: where a reader model keeps its identity, status, inventory trigger, tag
// count and tag records, and how those are encoded. Profiles are data (config/readers/*.json); one
// decoder (drivers/tag_list_reader) and one encoder (simulator/register_image, over profiles/record_codec)
// serve them all.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace casetrail::bridge {

enum class RegisterKind { holding, input };  // FC 03 / FC 04
enum class ListMode {
    table,          // a fixed table of `slots` records; empty slots have EPC length 0
    count_records,  // a count register, then that many records
    handshake,      // one record buffer; write `ack` to get the next; a count register says how many remain
};
enum class EpcLength { fixed, bits, bytes, words };  // fixed, or read from a register in the record

struct Profile {
    std::string name;
    std::string description;
    std::string source;  // the published layout it follows
    std::uint16_t max_registers_per_read = 125;
    bool word_big_endian = true;  // order of the words of multi-register values and of the EPC
    bool byte_big_endian = true;  // order of the two bytes inside a register, for EPC and text

    struct Identity {
        RegisterKind kind = RegisterKind::holding;
        std::uint16_t address = 0;
        std::uint16_t count = 0;
        std::optional<std::uint16_t> magic_offset;
        std::uint16_t magic_value = 0;
        std::optional<std::uint16_t> antenna_count_offset;  // else antenna_count_fixed
        std::uint16_t antenna_count_fixed = 1;
        std::optional<std::uint16_t> serial_offset;  // ASCII, two characters per register
        std::uint16_t serial_registers = 0;
        std::optional<std::uint16_t> firmware_offset;
    } identity;

    struct Trigger {
        std::uint16_t address = 0;
        std::uint16_t value = 1;
    };
    std::optional<Trigger> trigger;  // none: the reader inventories continuously

    struct Status {
        RegisterKind kind = RegisterKind::holding;
        std::uint16_t address = 0;
        std::uint16_t busy_mask = 0;                // flags & mask != 0: a round is still running
        std::optional<std::uint16_t> round_offset;  // a round counter beside the flags, to detect torn reads
    };
    std::optional<Status> status;

    struct TagList {
        ListMode mode = ListMode::count_records;
        RegisterKind kind = RegisterKind::holding;
        std::uint16_t count_address = 0;    // count_records, handshake (tags remaining)
        std::uint16_t records_address = 0;  // first record (table, count_records) or the record buffer
        std::uint16_t capacity = 0;         // table slots, or the most tags a count may claim
        std::uint16_t ack_address = 0;      // handshake
        std::uint16_t ack_value = 1;
        std::optional<int> empty_exception;  // a reader that answers "no tag in the field" with this exception
    } list;

    struct Record {
        std::uint16_t registers = 0;
        std::uint16_t epc_offset = 0;
        std::uint16_t epc_max_words = 16;
        EpcLength epc_length = EpcLength::fixed;
        std::uint16_t epc_fixed_bits = 96;
        std::uint16_t epc_length_offset = 0;
        std::uint16_t epc_length_shift = 0;           // the length is (register >> shift) & mask, e.g. a Gen2
        std::uint16_t epc_length_mask = 0xFFFF;       // StoredPC word holds EPC words in its upper 5 bits
        std::optional<std::uint16_t> antenna_offset;  // else antenna 1
        std::uint16_t antenna_base = 1;               // the value that means the first antenna (0 or 1)
        std::optional<std::uint16_t> rssi_offset;
        bool rssi_signed = true;
        double rssi_scale = 1.0;  // register value * scale + rssi_offset_db = dBm
        double rssi_offset_db = 0.0;
        std::optional<std::uint16_t> read_count_offset;
    } record;
};

// Loads and validates a profile file. Throws common::ConfigError naming the file, the field and what is
// wrong ("readers/x.json: record.epc.offset: 30 is past the record's 20 registers").
Profile load_profile(const std::string& path);
// The same for a profile already parsed; `source` names it in messages.
Profile parse_profile(const nlohmann::json& json, const std::string& source);

// Loads each profile file once, however many readers name it. The loader is load_profile unless told
// otherwise (a fuzzer must not open the paths its inputs name).
class ProfileCache {
public:
    using Loader = std::function<Profile(const std::string& path)>;
    ProfileCache() : load_(load_profile) {}
    explicit ProfileCache(Loader load) : load_(std::move(load)) {}

    const Profile& get(const std::string& path);

private:
    Loader load_;
    std::map<std::string, Profile> loaded_;
};

}  // namespace casetrail::bridge
