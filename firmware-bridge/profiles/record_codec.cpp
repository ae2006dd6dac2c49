// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/profiles/record_codec.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "common/epc.hpp"

namespace casetrail::bridge {

namespace {

DecodeError err(DecodeErrorKind k, std::string m) { return DecodeError{k, std::move(m)}; }

std::uint16_t swap_bytes(std::uint16_t w) { return static_cast<std::uint16_t>((w >> 8) | (w << 8)); }

// EPC words as the tag holds them, from the registers as the profile orders them (and back: the
// transformation is its own inverse).
std::vector<std::uint16_t> reorder(const Profile& p, std::span<const std::uint16_t> words) {
    std::vector<std::uint16_t> out(words.begin(), words.end());
    if (!p.word_big_endian) std::reverse(out.begin(), out.end());
    if (!p.byte_big_endian)
        for (auto& w : out) w = swap_bytes(w);
    return out;
}

std::uint16_t words_to_length(const Profile& p, std::uint16_t words) {
    switch (p.record.epc_length) {
        case EpcLength::bits: return static_cast<std::uint16_t>(words * 16);
        case EpcLength::bytes: return static_cast<std::uint16_t>(words * 2);
        case EpcLength::words: return words;
        case EpcLength::fixed: return 0;
    }
    return 0;
}

}  // namespace

common::Result<map::Identity, DecodeError> decode_identity(const Profile& p, std::span<const std::uint16_t> regs) {
    const auto& id = p.identity;
    if (regs.size() < id.count) {
        return err(DecodeErrorKind::short_buffer,
                   "identity block: " + std::to_string(regs.size()) + " registers, need " + std::to_string(id.count));
    }
    if (id.magic_offset && regs[*id.magic_offset] != id.magic_value) {
        return err(DecodeErrorKind::bad_magic, "identity register " + std::to_string(*id.magic_offset) + " is " +
                                                   std::to_string(regs[*id.magic_offset]) + ", not " +
                                                   std::to_string(id.magic_value) + ": not a " + p.name + " reader");
    }
    map::Identity out;
    out.antenna_count = id.antenna_count_offset ? regs[*id.antenna_count_offset] : id.antenna_count_fixed;
    if (out.antenna_count < 1 || out.antenna_count > map::kMaxAntennas) {
        return err(DecodeErrorKind::bad_field,
                   "antenna count " + std::to_string(out.antenna_count) + " is outside 1..32");
    }
    if (id.firmware_offset) out.firmware = regs[*id.firmware_offset];
    if (id.serial_offset) {
        for (std::uint16_t i = 0; i < id.serial_registers * 2; ++i) {
            std::uint16_t w = regs[*id.serial_offset + i / 2];
            if (!p.byte_big_endian) w = swap_bytes(w);
            const char c = static_cast<char>(i % 2 == 0 ? (w >> 8) : (w & 0xFF));
            if (c == '\0') break;
            if (c < 0x20 || c > 0x7E)
                return err(DecodeErrorKind::bad_field, "serial number holds a non-printable byte");
            out.serial.push_back(c);
        }
    }
    return out;
}

std::vector<std::uint16_t> encode_identity(const Profile& p, const map::Identity& in) {
    const auto& id = p.identity;
    std::vector<std::uint16_t> regs(id.count, 0);
    if (id.magic_offset) regs[*id.magic_offset] = id.magic_value;
    if (id.antenna_count_offset) regs[*id.antenna_count_offset] = in.antenna_count;
    if (id.firmware_offset) regs[*id.firmware_offset] = in.firmware;
    if (id.serial_offset) {
        for (std::size_t i = 0; i < in.serial.size() && i < std::size_t{id.serial_registers} * 2; ++i) {
            auto& w = regs[*id.serial_offset + i / 2];
            const auto c = static_cast<unsigned char>(in.serial[i]);
            std::uint16_t natural = static_cast<std::uint16_t>(p.byte_big_endian ? w : swap_bytes(w));
            natural = static_cast<std::uint16_t>(natural | (i % 2 == 0 ? c << 8 : c));
            w = p.byte_big_endian ? natural : swap_bytes(natural);
        }
    }
    return regs;
}

common::Result<std::optional<map::TagRecord>, DecodeError> decode_record(const Profile& p,
                                                                         std::span<const std::uint16_t> regs,
                                                                         std::uint16_t antenna_count) {
    const auto& r = p.record;
    if (regs.size() < r.registers) {
        return err(DecodeErrorKind::short_buffer,
                   "tag record: " + std::to_string(regs.size()) + " registers, need " + std::to_string(r.registers));
    }
    std::uint16_t words = 0;
    if (r.epc_length == EpcLength::fixed) {
        words = static_cast<std::uint16_t>(r.epc_fixed_bits / 16);
    } else {
        const auto raw =
            static_cast<std::uint16_t>((regs[r.epc_length_offset] >> r.epc_length_shift) & r.epc_length_mask);
        if (raw == 0) return std::optional<map::TagRecord>{};  // an empty slot
        const char* unit = r.epc_length == EpcLength::bits    ? "bits"
                           : r.epc_length == EpcLength::bytes ? "bytes"
                                                              : "words";
        const std::uint16_t per_word = r.epc_length == EpcLength::bits ? 16 : r.epc_length == EpcLength::bytes ? 2 : 1;
        if (raw % per_word != 0 || raw / per_word > r.epc_max_words) {
            return err(DecodeErrorKind::bad_epc_length, "EPC length " + std::to_string(raw) + " " + unit +
                                                            " is not a whole number of words within " +
                                                            std::to_string(r.epc_max_words) + " words");
        }
        words = static_cast<std::uint16_t>(raw / per_word);
    }
    std::uint16_t reads = 1;
    if (r.read_count_offset) {
        reads = regs[*r.read_count_offset];
        if (reads == 0) {
            if (p.list.mode == ListMode::table) return std::optional<map::TagRecord>{};
            return err(DecodeErrorKind::bad_field, "read count is 0 for a listed tag");
        }
    }
    map::TagRecord t;
    t.read_count = reads;
    t.antenna = 1;
    if (r.antenna_offset) {
        const int raw = regs[*r.antenna_offset];
        const int antenna = raw - r.antenna_base + 1;
        if (antenna < 1 || antenna > antenna_count) {
            return err(DecodeErrorKind::bad_antenna, "antenna " + std::to_string(raw) + " is outside " +
                                                         std::to_string(r.antenna_base) + ".." +
                                                         std::to_string(antenna_count - 1 + r.antenna_base));
        }
        t.antenna = static_cast<std::uint16_t>(antenna);
    }
    if (r.rssi_offset) {
        const std::uint16_t raw = regs[*r.rssi_offset];
        const double value =
            r.rssi_signed ? static_cast<double>(static_cast<std::int16_t>(raw)) : static_cast<double>(raw);
        const double dbm = value * r.rssi_scale + r.rssi_offset_db;
        if (!(dbm >= -200.0 && dbm <= 50.0)) {
            return err(DecodeErrorKind::bad_field, "RSSI " + std::to_string(dbm) + " dBm is not plausible");
        }
        t.rssi_decidbm = static_cast<std::int16_t>(std::lround(dbm * 10));
    }
    // With little word order the EPC's last (least significant) word comes first.
    t.epc = common::epc_to_hex(reorder(p, regs.subspan(r.epc_offset, words)));
    return std::optional<map::TagRecord>{std::move(t)};
}

std::vector<std::uint16_t> encode_record(const Profile& p, const map::TagRecord& t) {
    const auto& r = p.record;
    auto words = common::epc_from_hex(t.epc);
    if (!words) throw std::invalid_argument("EPC \"" + t.epc + "\" is not 4..64 hex digits in whole words");
    if (words->size() > r.epc_max_words) throw std::invalid_argument("EPC wider than the profile's EPC area");
    if (r.epc_length == EpcLength::fixed && words->size() != r.epc_fixed_bits / 16u) {
        throw std::invalid_argument("the profile holds EPCs of exactly " + std::to_string(r.epc_fixed_bits) + " bits");
    }
    std::vector<std::uint16_t> regs(r.registers, 0);
    const auto ordered = reorder(p, *words);
    std::copy(ordered.begin(), ordered.end(), regs.begin() + r.epc_offset);
    if (r.epc_length != EpcLength::fixed) {
        const auto length = words_to_length(p, static_cast<std::uint16_t>(words->size()));
        if (length > r.epc_length_mask) throw std::invalid_argument("EPC length does not fit the length field");
        regs[r.epc_length_offset] = static_cast<std::uint16_t>(length << r.epc_length_shift);
    }
    if (r.antenna_offset) regs[*r.antenna_offset] = static_cast<std::uint16_t>(t.antenna - 1 + r.antenna_base);
    if (r.rssi_offset) {
        const double raw = (t.rssi_decidbm / 10.0 - r.rssi_offset_db) / r.rssi_scale;
        const long v = std::lround(raw);
        if (r.rssi_signed ? (v < -32768 || v > 32767) : (v < 0 || v > 65535)) {
            throw std::invalid_argument("RSSI out of the profile's range");
        }
        regs[*r.rssi_offset] = static_cast<std::uint16_t>(v);
    }
    if (r.read_count_offset) regs[*r.read_count_offset] = t.read_count;
    return regs;
}

}  // namespace casetrail::bridge
