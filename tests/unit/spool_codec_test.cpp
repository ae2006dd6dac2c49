// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/events/spool_codec.hpp"

#include <random>

#include <catch2/catch.hpp>

#include "gateway/events/event_id.hpp"

using namespace casetrail;
using namespace casetrail::gateway;

namespace {
gateway::EventRow sample() {
    gateway::EventRow e;
    e.event_id = event_id("R1", 3, "E28011600000000000000001", "moved", 1'790'000'000'123'456);
    e.kind = "moved";
    e.epc = "E28011600000000000000001";
    e.antenna_id = 7;
    e.location_id = 12;
    e.from_location_id = 11;
    e.observed_us = 1'790'000'000'123'456;
    e.evidence_json = R"({"rounds":2,"rssi_dbm":-52.5})";
    return e;
}
}  // namespace

TEST_CASE("events round-trip through the spool record format", "[spool]") {
    const auto e = sample();
    const auto back = decode_event(encode_event(e));
    REQUIRE(back);
    CHECK(back->event_id == e.event_id);
    CHECK(back->kind == "moved");
    CHECK(back->from_location_id == 11);
    CHECK(back->observed_us == e.observed_us);
    CHECK(back->evidence_json == e.evidence_json);
    auto arrived = e;
    arrived.kind = "arrived";
    arrived.from_location_id.reset();
    CHECK_FALSE(decode_event(encode_event(arrived))->from_location_id);
}

TEST_CASE("every event kind round-trips, and version 1 records written before an upgrade still decode", "[spool]") {
    auto amb = sample();
    amb.kind = "ambiguous";
    amb.from_location_id.reset();
    amb.alt_antenna_id = 8;
    amb.alt_location_id = 13;
    const auto back = decode_event(encode_event(amb));
    REQUIRE(back);
    CHECK(back->alt_antenna_id == 8);
    CHECK(back->alt_location_id == 13);
    for (const char* kind : {"departed", "passed_out", "passed_in"}) {
        auto e = sample();
        e.kind = kind;
        e.from_location_id.reset();
        REQUIRE(decode_event(encode_event(e)));
        CHECK(decode_event(encode_event(e))->kind == kind);
    }
    auto no_alt = amb;
    no_alt.alt_antenna_id.reset();
    no_alt.alt_location_id.reset();
    CHECK_FALSE(decode_event(encode_event(no_alt)));  // ambiguous names two places
    auto bad_kind = sample();
    bad_kind.kind = "teleported";
    bad_kind.from_location_id.reset();
    CHECK_FALSE(decode_event(encode_event(bad_kind)));
    // Version 1: no second place; built here byte by byte as the previous gateway wrote it.
    auto v2 = encode_event(sample());
    std::string v1 = v2;
    v1[0] = 1;
    const std::size_t alt_at = v2.size() - 8 - 4 - sample().evidence_json.size() - 17;
    v1.erase(alt_at, 17);
    const auto old = decode_event(v1);
    REQUIRE(old);
    CHECK(old->kind == "moved");
    CHECK(old->from_location_id == 11);
    CHECK_FALSE(old->alt_location_id);
    CHECK(old->evidence_json == sample().evidence_json);
}

TEST_CASE("malformed spool records are rejected, never trusted", "[spool]") {
    const auto good = encode_event(sample());
    CHECK_FALSE(decode_event(""));
    CHECK_FALSE(decode_event(good.substr(0, good.size() - 1)));  // short
    CHECK_FALSE(decode_event(good + "x"));                       // trailing bytes
    auto v = good;
    v[0] = 9;  // unknown version
    CHECK_FALSE(decode_event(v));
    auto inconsistent = sample();
    inconsistent.kind = "arrived";  // an arrival with a from-location
    CHECK_FALSE(decode_event(encode_event(inconsistent)));
    auto bad_epc = sample();
    bad_epc.epc = "XYZ";
    CHECK_FALSE(decode_event(encode_event(bad_epc)));
    // Random bytes and random damage never crash the decoder.
    std::mt19937 rng(7);
    for (int i = 0; i < 20000; ++i) {
        auto d = good;
        for (int k = 0; k < 3; ++k) d[rng() % d.size()] = static_cast<char>(rng());
        (void)decode_event(d);
        std::string noise(rng() % 200, '\0');
        for (auto& c : noise) c = static_cast<char>(rng());
        (void)decode_event(noise);
    }
}

TEST_CASE("event ids are deterministic and differ with every field", "[spool]") {
    const auto base = event_id("R1", 3, "ABCD", "moved", 100);
    CHECK(base.size() == 32);
    CHECK(base == event_id("R1", 3, "ABCD", "moved", 100));
    CHECK(base != event_id("R2", 3, "ABCD", "moved", 100));
    CHECK(base != event_id("R1", 4, "ABCD", "moved", 100));
    CHECK(base != event_id("R1", 3, "ABCE", "moved", 100));
    CHECK(base != event_id("R1", 3, "ABCD", "arrived", 100));
    CHECK(base != event_id("R1", 3, "ABCD", "moved", 101));
    CHECK(event_id("R1", 31, "ABCD", "moved", 1) != event_id("R13", 1, "ABCD", "moved", 1));
}
