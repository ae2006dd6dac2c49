#include "registers/casetrail_map.hpp"

#include <algorithm>
#include <stdexcept>

#include "registers/epc.hpp"

namespace casetrail::bridge::map {

namespace {

DecodeError err(DecodeErrorKind kind, std::string message) { return DecodeError{kind, std::move(message)}; }

DecodeError short_buffer(const char* block, std::size_t have, std::size_t need) {
    return err(DecodeErrorKind::short_buffer, std::string(block) + ": " + std::to_string(have) +
                                                  " registers, need " + std::to_string(need));
}

}  // namespace

support::Result<Identity, DecodeError> decode_identity(std::span<const std::uint16_t> regs) {
    if (regs.size() < kIdentityRegisters) return short_buffer("identity block", regs.size(), kIdentityRegisters);
    if (regs[0] != kMagic) {
        return err(DecodeErrorKind::bad_magic, "identity magic is " + std::to_string(regs[0]) +
                                                   ", not 0x4354: not a Casetrail-map reader");
    }
    if (regs[1] != kMapVersion) {
        return err(DecodeErrorKind::unsupported_version,
                   "register map version " + std::to_string(regs[1]) + " is not supported (expected 1)");
    }
    Identity id;
    id.map_version = regs[1];
    id.firmware = regs[2];
    id.antenna_count = regs[3];
    if (id.antenna_count < 1 || id.antenna_count > kMaxAntennas) {
        return err(DecodeErrorKind::bad_field,
                   "antenna count " + std::to_string(id.antenna_count) + " is outside 1..32");
    }
    for (std::size_t i = 0; i < kSerialChars; ++i) {
        const std::uint16_t w = regs[4 + i / 2];
        const char c = static_cast<char>(i % 2 == 0 ? (w >> 8) : (w & 0xFF));
        if (c == '\0') break;
        if (c < 0x20 || c > 0x7E) {
            return err(DecodeErrorKind::bad_field, "serial number holds a non-printable byte");
        }
        id.serial.push_back(c);
    }
    return id;
}

support::Result<Status, DecodeError> decode_status(std::span<const std::uint16_t> regs) {
    if (regs.size() < kStatusRegisters) return short_buffer("status block", regs.size(), kStatusRegisters);
    Status s{regs[0], regs[1], regs[2], regs[3]};
    if (s.tag_count > kTagTableSlots) {
        return err(DecodeErrorKind::bad_count, "tag count " + std::to_string(s.tag_count) +
                                                   " exceeds the table's " + std::to_string(kTagTableSlots) +
                                                   " slots");
    }
    return s;
}

support::Result<TagRecord, DecodeError> decode_tag_record(std::span<const std::uint16_t> slot,
                                                          std::uint16_t antenna_count) {
    if (slot.size() < kSlotRegisters) return short_buffer("tag slot", slot.size(), kSlotRegisters);
    const std::uint16_t bits = slot[0];
    if (bits == 0 || bits % 16 != 0 || bits / 16 > kMaxEpcWords) {
        return err(DecodeErrorKind::bad_epc_length,
                   "EPC length " + std::to_string(bits) + " bits is not a whole number of words in 16..256");
    }
    TagRecord t;
    t.antenna = slot[1];
    if (t.antenna < 1 || t.antenna > antenna_count) {
        return err(DecodeErrorKind::bad_antenna, "antenna port " + std::to_string(t.antenna) + " is outside 1.." +
                                                     std::to_string(antenna_count));
    }
    t.rssi_decidbm = static_cast<std::int16_t>(slot[2]);
    t.read_count = slot[3];
    if (t.read_count == 0) return err(DecodeErrorKind::bad_field, "read count is 0 for a listed tag");
    t.epc = epc_to_hex(slot.subspan(kSlotHeaderRegisters, bits / 16));
    return t;
}

support::Result<std::vector<TagRecord>, DecodeError> decode_tag_table(std::span<const std::uint16_t> regs,
                                                                      std::uint16_t tag_count,
                                                                      std::uint16_t antenna_count) {
    if (tag_count > kTagTableSlots) {
        return err(DecodeErrorKind::bad_count, "tag count " + std::to_string(tag_count) + " exceeds the table's " +
                                                   std::to_string(kTagTableSlots) + " slots");
    }
    const std::size_t need = std::size_t{tag_count} * kSlotRegisters;
    if (regs.size() < need) return short_buffer("tag table", regs.size(), need);
    std::vector<TagRecord> out;
    out.reserve(tag_count);
    for (std::size_t i = 0; i < tag_count; ++i) {
        auto t = decode_tag_record(regs.subspan(i * kSlotRegisters, kSlotRegisters), antenna_count);
        if (!t) return err(t.error().kind, "slot " + std::to_string(i) + ": " + t.error().message);
        out.push_back(std::move(t).value());
    }
    return out;
}

std::vector<Block> plan_tag_table_reads(std::uint16_t tag_count) {
    std::vector<Block> blocks;
    for (std::uint16_t first = 0; first < tag_count; first = static_cast<std::uint16_t>(first + kSlotsPerRead)) {
        const std::uint16_t slots = static_cast<std::uint16_t>(std::min<int>(kSlotsPerRead, tag_count - first));
        blocks.push_back({static_cast<std::uint16_t>(kTagTableAddress + first * kSlotRegisters),
                          static_cast<std::uint16_t>(slots * kSlotRegisters)});
    }
    return blocks;
}

std::array<std::uint16_t, kIdentityRegisters> encode_identity(const Identity& id) {
    if (id.antenna_count < 1 || id.antenna_count > kMaxAntennas) {
        throw std::invalid_argument("antenna count must be 1..32");
    }
    if (id.serial.size() > kSerialChars) throw std::invalid_argument("serial number longer than 16 characters");
    std::array<std::uint16_t, kIdentityRegisters> r{};
    r[0] = kMagic;
    r[1] = id.map_version;
    r[2] = id.firmware;
    r[3] = id.antenna_count;
    for (std::size_t i = 0; i < id.serial.size(); ++i) {
        const auto c = static_cast<unsigned char>(id.serial[i]);
        if (c < 0x20 || c > 0x7E) throw std::invalid_argument("serial number must be printable ASCII");
        r[4 + i / 2] = static_cast<std::uint16_t>(r[4 + i / 2] | (i % 2 == 0 ? c << 8 : c));
    }
    return r;
}

std::array<std::uint16_t, kStatusRegisters> encode_status(const Status& s) {
    return {s.flags, s.round, s.tag_count, s.round_ms};
}

std::array<std::uint16_t, kSlotRegisters> encode_tag_record(const TagRecord& t) {
    auto words = epc_from_hex(t.epc);
    if (!words) throw std::invalid_argument("EPC \"" + t.epc + "\" is not 4..64 hex digits in whole words");
    if (t.antenna < 1 || t.antenna > kMaxAntennas) throw std::invalid_argument("antenna must be 1..32");
    if (t.read_count == 0) throw std::invalid_argument("read count must be >= 1");
    std::array<std::uint16_t, kSlotRegisters> r{};
    r[0] = static_cast<std::uint16_t>(words->size() * 16);
    r[1] = t.antenna;
    r[2] = static_cast<std::uint16_t>(t.rssi_decidbm);
    r[3] = t.read_count;
    for (std::size_t i = 0; i < words->size(); ++i) r[kSlotHeaderRegisters + i] = (*words)[i];
    return r;
}

}  // namespace casetrail::bridge::map
