// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/profiles/profile.hpp"

#include <cmath>
#include <regex>

#include "common/config_reader.hpp"

namespace casetrail::bridge {

namespace {

using common::ConfigObject;

RegisterKind read_kind(const ConfigObject& o, const std::string& key) {
    const auto v = o.string(key, "holding");
    if (v == "holding") return RegisterKind::holding;
    if (v == "input") return RegisterKind::input;
    o.fail(key, "\"" + v + "\" is not a register kind (holding or input)");
}

bool read_order(const ConfigObject& o, const std::string& key) {
    const auto v = o.string(key, "big");
    if (v == "big") return true;
    if (v == "little") return false;
    o.fail(key, "\"" + v + "\" is not an order (big or little)");
}

std::uint16_t u16(const ConfigObject& o, const std::string& key, std::int64_t min = 0, std::int64_t max = 65535) {
    return static_cast<std::uint16_t>(o.integer(key, min, max));
}

// An offset inside a block of `size` registers.
std::uint16_t offset_in(const ConfigObject& o, const std::string& key, std::uint16_t size, const char* block) {
    const auto v = o.integer(key, 0, 65535);
    if (v >= size) {
        o.fail(key, std::to_string(v) + " is past the " + block + "'s " + std::to_string(size) + " registers");
    }
    return static_cast<std::uint16_t>(v);
}

void check_span(const ConfigObject& o, const std::string& key, std::uint32_t address, std::uint32_t count) {
    if (address + count > 65536) {
        o.fail(key, "registers " + std::to_string(address) + ".." + std::to_string(address + count - 1) +
                        " run past the end of the register space (65535)");
    }
}

void read_identity(const ConfigObject& root, Profile& p) {
    auto id = root.object("identity");
    p.identity.kind = read_kind(id, "function");
    p.identity.address = u16(id, "address");
    p.identity.count = u16(id, "registers", 1, p.max_registers_per_read);
    check_span(id, "registers", p.identity.address, p.identity.count);
    if (auto m = id.optional_object("magic")) {
        p.identity.magic_offset = offset_in(*m, "offset", p.identity.count, "identity block");
        p.identity.magic_value = u16(*m, "value");
        m->reject_unknown_keys();
    }
    auto ac = id.object("antenna_count");
    if (ac.has("offset")) {
        p.identity.antenna_count_offset = offset_in(ac, "offset", p.identity.count, "identity block");
    } else {
        p.identity.antenna_count_fixed = u16(ac, "fixed", 1, 32);
    }
    ac.reject_unknown_keys();
    if (auto s = id.optional_object("serial")) {
        p.identity.serial_offset = offset_in(*s, "offset", p.identity.count, "identity block");
        p.identity.serial_registers = u16(*s, "registers", 1, 16);
        if (*p.identity.serial_offset + p.identity.serial_registers > p.identity.count) {
            s->fail("registers", "the serial number runs past the identity block");
        }
        s->reject_unknown_keys();
    }
    if (auto f = id.optional_object("firmware")) {
        p.identity.firmware_offset = offset_in(*f, "offset", p.identity.count, "identity block");
        f->reject_unknown_keys();
    }
    id.reject_unknown_keys();
}

// The optional trigger (written before each inventory) and status register.
void read_trigger_and_status(const ConfigObject& root, Profile& p) {
    if (auto t = root.optional_object("trigger")) {
        p.trigger = Profile::Trigger{u16(*t, "address"), u16(*t, "value")};
        t->reject_unknown_keys();
    }
    if (auto s = root.optional_object("status")) {
        Profile::Status st;
        st.kind = read_kind(*s, "function");
        st.address = u16(*s, "address");
        st.busy_mask = static_cast<std::uint16_t>(s->integer("busy_mask", 0, 0, 65535));
        if (s->has("round_offset")) st.round_offset = u16(*s, "round_offset", 1, 8);
        check_span(*s, "address", st.address, 1u + st.round_offset.value_or(0));
        s->reject_unknown_keys();
        p.status = st;
    }
}

void read_record(const ConfigObject& root, Profile& p) {
    auto r = root.object("record");
    auto& rec = p.record;
    rec.registers = u16(r, "registers", 1, p.max_registers_per_read);
    auto epc = r.object("epc");
    rec.epc_offset = offset_in(epc, "offset", rec.registers, "record");
    rec.epc_max_words = u16(epc, "max_words", 1, 16);
    if (rec.epc_offset + rec.epc_max_words > rec.registers) {
        epc.fail("max_words", "an EPC of " + std::to_string(rec.epc_max_words) + " words at offset " +
                                  std::to_string(rec.epc_offset) + " runs past the record's " +
                                  std::to_string(rec.registers) + " registers");
    }
    auto len = epc.object("length");
    if (len.has("fixed_bits")) {
        rec.epc_length = EpcLength::fixed;
        rec.epc_fixed_bits = u16(len, "fixed_bits", 16, 256);
        if (rec.epc_fixed_bits % 16 != 0 || rec.epc_fixed_bits / 16 > rec.epc_max_words) {
            len.fail("fixed_bits",
                     std::to_string(rec.epc_fixed_bits) + " is not a whole number of words within max_words");
        }
    } else {
        const auto unit = len.string("unit");
        if (unit == "bits")
            rec.epc_length = EpcLength::bits;
        else if (unit == "bytes")
            rec.epc_length = EpcLength::bytes;
        else if (unit == "words")
            rec.epc_length = EpcLength::words;
        else
            len.fail("unit", "\"" + unit + "\" is not bits, bytes or words");
        rec.epc_length_offset = offset_in(len, "offset", rec.registers, "record");
        rec.epc_length_shift = static_cast<std::uint16_t>(len.integer("shift", 0, 0, 15));
        rec.epc_length_mask = static_cast<std::uint16_t>(len.integer("mask", 0xFFFF, 1, 0xFFFF));
        if (rec.epc_length_offset >= rec.epc_offset && rec.epc_length_offset < rec.epc_offset + rec.epc_max_words) {
            len.fail("offset", "the length register overlaps the EPC");
        }
    }
    len.reject_unknown_keys();
    epc.reject_unknown_keys();
    auto outside_epc = [&](const ConfigObject& o, const std::string& key) {
        const auto off = offset_in(o, key, rec.registers, "record");
        if (off >= rec.epc_offset && off < rec.epc_offset + rec.epc_max_words) o.fail(key, "overlaps the EPC");
        return off;
    };
    if (auto a = r.optional_object("antenna")) {
        rec.antenna_offset = outside_epc(*a, "offset");
        rec.antenna_base = u16(*a, "base", 0, 1);
        a->reject_unknown_keys();
    }
    if (auto s = r.optional_object("rssi")) {
        rec.rssi_offset = outside_epc(*s, "offset");
        rec.rssi_signed = s->boolean("signed", true);
        rec.rssi_scale = s->number("scale", 1.0, 0.001, 100.0);
        rec.rssi_offset_db = s->number("offset_db", 0.0, -200.0, 200.0);
        s->reject_unknown_keys();
    }
    if (auto c = r.optional_object("read_count")) {
        rec.read_count_offset = outside_epc(*c, "offset");
        c->reject_unknown_keys();
    }
    r.reject_unknown_keys();
}

void read_tag_list(const ConfigObject& root, Profile& p) {
    auto l = root.object("tag_list");
    auto& list = p.list;
    const auto mode = l.string("mode");
    if (mode == "table")
        list.mode = ListMode::table;
    else if (mode == "count_records")
        list.mode = ListMode::count_records;
    else if (mode == "handshake")
        list.mode = ListMode::handshake;
    else
        l.fail("mode", "\"" + mode + "\" is not table, count_records or handshake");
    list.kind = read_kind(l, "function");
    list.records_address = u16(l, "records_address");
    list.capacity = u16(l, "capacity", 1, 10000);
    const std::uint32_t span =
        list.mode == ListMode::handshake ? p.record.registers : std::uint32_t{list.capacity} * p.record.registers;
    check_span(l, "capacity", list.records_address, span);
    if (list.mode != ListMode::table) list.count_address = u16(l, "count_address");
    if (l.has("empty_exception")) list.empty_exception = static_cast<int>(l.integer("empty_exception", 1, 11));
    if (list.mode == ListMode::handshake) {
        list.ack_address = u16(l, "ack_address");
        list.ack_value = static_cast<std::uint16_t>(l.integer("ack_value", 1, 0, 65535));
    }
    l.reject_unknown_keys();
}

}  // namespace

Profile load_profile(const std::string& path) { return parse_profile(common::load_json_file(path), path); }

Profile parse_profile(const nlohmann::json& json, const std::string& source) {
    ConfigObject root(json, source);
    Profile p;
    p.name = root.string("name");
    if (!std::regex_match(p.name, std::regex("^[a-z0-9][a-z0-9.-]{0,63}$"))) {
        root.fail("name", "\"" + p.name + "\" must be lower-case letters, digits, '.' and '-'");
    }
    p.description = root.string("description", "");
    p.source = root.string("source");
    p.max_registers_per_read = u16(root, "max_registers_per_read", 1, 125);
    p.word_big_endian = read_order(root, "word_order");
    p.byte_big_endian = read_order(root, "byte_order");
    read_identity(root, p);
    read_trigger_and_status(root, p);
    read_record(root, p);
    read_tag_list(root, p);
    root.reject_unknown_keys();
    if (p.list.mode == ListMode::table && p.record.epc_length == EpcLength::fixed && !p.record.read_count_offset) {
        // An empty slot of a table is told apart by a zero EPC length or zero read count; a fixed-length
        // EPC without a read count leaves nothing to tell by.
        root.fail("record", "a table of fixed-length EPCs needs read_count to tell empty slots apart");
    }
    return p;
}

const Profile& ProfileCache::get(const std::string& path) {
    auto it = loaded_.find(path);
    if (it == loaded_.end()) it = loaded_.emplace(path, load_(path)).first;
    return it->second;
}

}  // namespace casetrail::bridge
