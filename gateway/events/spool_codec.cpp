// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/events/spool_codec.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace casetrail::gateway {

namespace {

// Version 2 adds the second place (ambiguous, resolved); version 1 records are still read after an upgrade.
constexpr std::uint8_t kVersion = 2;
constexpr std::size_t kMaxText = 64 * 1024;

void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_text(std::string& out, const std::string& s) {
    const auto n = static_cast<std::uint32_t>(s.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
    out += s;
}

struct Reader {
    std::string_view in;
    std::size_t pos = 0;
    bool ok = true;

    std::uint64_t u64() {
        if (in.size() - pos < 8) return fail();
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[pos + static_cast<std::size_t>(i)]);
        pos += 8;
        return v;
    }
    std::uint8_t u8() {
        if (in.size() - pos < 1) return static_cast<std::uint8_t>(fail());
        return static_cast<std::uint8_t>(in[pos++]);
    }
    std::string text() {
        if (in.size() - pos < 4) return fail(), std::string();
        std::uint32_t n = 0;
        for (int i = 3; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(in[pos + static_cast<std::size_t>(i)]);
        pos += 4;
        if (n > kMaxText || in.size() - pos < n) return fail(), std::string();
        std::string s(in.substr(pos, n));
        pos += n;
        return s;
    }
    std::uint64_t fail() {
        ok = false;
        pos = in.size();
        return 0;
    }
};

bool is_hex(const std::string& s, std::size_t min, std::size_t max) {
    if (s.size() < min || s.size() > max) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
}

}  // namespace

std::string encode_event(const EventRow& e) {
    std::string out;
    out.reserve(64 + e.epc.size() + e.evidence_json.size());
    out.push_back(static_cast<char>(kVersion));
    put_text(out, e.event_id);
    put_text(out, e.kind);
    put_text(out, e.epc);
    put_u64(out, static_cast<std::uint64_t>(e.antenna_id));
    put_u64(out, static_cast<std::uint64_t>(e.location_id));
    out.push_back(e.from_location_id ? 1 : 0);
    put_u64(out, static_cast<std::uint64_t>(e.from_location_id.value_or(0)));
    out.push_back(e.alt_location_id ? 1 : 0);
    put_u64(out, static_cast<std::uint64_t>(e.alt_antenna_id.value_or(0)));
    put_u64(out, static_cast<std::uint64_t>(e.alt_location_id.value_or(0)));
    put_u64(out, static_cast<std::uint64_t>(e.observed_us));
    put_text(out, e.evidence_json);
    return out;
}

std::optional<EventRow> decode_event(std::string_view record) {
    Reader r{record};
    const auto version = r.u8();
    if (version != 1 && version != kVersion) return std::nullopt;
    EventRow e;
    e.event_id = r.text();
    e.kind = r.text();
    e.epc = r.text();
    e.antenna_id = static_cast<std::int64_t>(r.u64());
    e.location_id = static_cast<std::int64_t>(r.u64());
    const auto has_from = r.u8();
    const auto from = static_cast<std::int64_t>(r.u64());
    std::uint8_t has_alt = 0;
    std::int64_t alt_antenna = 0, alt_location = 0;
    if (version >= 2) {
        has_alt = r.u8();
        alt_antenna = static_cast<std::int64_t>(r.u64());
        alt_location = static_cast<std::int64_t>(r.u64());
    }
    e.observed_us = static_cast<std::int64_t>(r.u64());
    e.evidence_json = r.text();
    if (!r.ok || r.pos != record.size() || has_from > 1 || has_alt > 1) return std::nullopt;
    if (has_from) e.from_location_id = from;
    if (has_alt) {
        if (alt_antenna <= 0 || alt_location <= 0) return std::nullopt;
        e.alt_antenna_id = alt_antenna;
        e.alt_location_id = alt_location;
    }
    static const char* const kKinds[] = {"arrived",  "moved",      "departed", "ambiguous",
                                         "resolved", "passed_out", "passed_in"};
    if (std::find(std::begin(kKinds), std::end(kKinds), e.kind) == std::end(kKinds)) return std::nullopt;
    if ((e.kind == "moved") != e.from_location_id.has_value()) return std::nullopt;
    if ((e.kind == "ambiguous" || e.kind == "resolved") != e.alt_location_id.has_value()) return std::nullopt;
    if (!is_hex(e.event_id, 32, 32) || !is_hex(e.epc, 4, 64) || e.epc.size() % 4 != 0) return std::nullopt;
    if (e.antenna_id <= 0 || e.location_id <= 0) return std::nullopt;
    return e;
}

}  // namespace casetrail::gateway
