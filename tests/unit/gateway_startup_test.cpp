// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/startup.hpp"

#include <catch2/catch.hpp>

#include "common/pg/store_errors.hpp"
#include "gateway/app/zone_map.hpp"
#include "gateway/events/spool_codec.hpp"

using namespace casetrail;
using namespace casetrail::gateway;

namespace {

const std::string kEpc1 = "E28011600000000000000001", kEpc2 = "E28011600000000000000002",
                  kEpc3 = "E28011600000000000000003";

// Two readers as the config names them; reader D1 watches a doorway. Antenna ids as the database gave them.
struct Site {
    GatewayConfig cfg;
    std::vector<RegisteredAntenna> antennas = {
        {"R1", 1, "S1", 101, 11},   {"R1", 2, "S2", 102, 12}, {"D1", 1, "DOOR", 201, 20},
        {"D1", 2, "DOOR", 202, 20}, {"X9", 1, "S9", 901, 19},  // registered once by another config: not this gateway's
    };
    smoothing::LocationSmoother core{smoothing::SmoothingOptions{}};
    ZoneMap zones{make_readers(), antennas, core};

    static std::vector<ReaderSettings> make_readers() {
        ReaderSettings r1, d1;
        r1.id = "R1";
        r1.antennas = {{1, "S1", "shelf", ""}, {2, "S2", "shelf", ""}};
        d1.id = "D1";
        d1.antennas = {{1, "DOOR", "portal-in", "front"}, {2, "DOOR", "portal-out", "front"}};
        return {r1, d1};
    }
    Site() { cfg.readers = make_readers(); }

    smoothing::Whereabouts where(const std::string& epc) { return core.where(core.tag(epc)); }
    std::int64_t antenna_at(const std::string& epc) { return zones.info(where(epc).zone).antenna_id; }
};

EventRow row(const std::string& kind, const std::string& epc, std::int64_t antenna, std::int64_t location) {
    EventRow r;
    r.event_id = "00000000000000000000000000000001";
    r.kind = kind;
    r.epc = epc;
    r.antenna_id = antenna;
    r.location_id = location;
    r.observed_us = 1'700'000'000'000'000;
    r.evidence_json = R"({"rssi_dbm": -52.5})";
    return r;
}

EventRow moved(const std::string& epc, std::int64_t antenna, std::int64_t location, std::int64_t from) {
    auto r = row("moved", epc, antenna, location);
    r.from_location_id = from;
    return r;
}

}  // namespace

TEST_CASE("the zone map makes a zone of each registered antenna of a configured reader, both ways",
          "[gateway][startup]") {
    Site s;
    REQUIRE(s.zones.antenna_ids() == std::vector<std::int64_t>{101, 102, 201, 202});
    const auto r1p2 = s.zones.at(0, 2);
    REQUIRE(r1p2);
    CHECK(s.zones.info(*r1p2).antenna_id == 102);
    CHECK(s.zones.info(*r1p2).reader_code == "R1");
    CHECK(s.zones.info(*r1p2).location_id == 12);
    CHECK(s.zones.of_antenna(102) == r1p2);
    CHECK_FALSE(s.zones.at(0, 3));         // a port the reader does not have
    CHECK_FALSE(s.zones.of_antenna(901));  // another gateway's reader
    // The doorway's two sides are one portal with its roles, on reader number 1.
    const auto in = s.core.zone(*s.zones.at(1, 1)), out = s.core.zone(*s.zones.at(1, 2));
    CHECK(in.role == smoothing::Role::portal_in);
    CHECK(out.role == smoothing::Role::portal_out);
    CHECK(in.portal == out.portal);
    CHECK(in.portal >= 0);
    CHECK(in.reader == 1);
}

TEST_CASE("the core is seeded from the database's present and ambiguous tags", "[gateway][startup]") {
    Site s;
    seed_from_database(s.core, s.zones, {{kEpc1, 101, 11, std::nullopt, -50.0}, {kEpc2, 101, 11, 102, std::nullopt}});
    CHECK(s.where(kEpc1).presence == smoothing::Presence::present);
    CHECK(s.antenna_at(kEpc1) == 101);
    CHECK(s.where(kEpc2).presence == smoothing::Presence::ambiguous);
    CHECK(s.zones.info(s.where(kEpc2).other).antenna_id == 102);
    CHECK(s.where(kEpc3).presence == smoothing::Presence::absent);
}

TEST_CASE("without the database the core is seeded from the local state, and says which spool record it reflects",
          "[gateway][startup]") {
    Site s;
    LocalState state;
    state.antennas = s.antennas;
    state.positions = {{kEpc1, 102}, {kEpc2, 901}};  // 901: no zone of this gateway's: left out
    state.seq = 17;
    const Registration recalled{state.antennas, false};
    const auto never = []() -> std::vector<PresentTag> {
        FAIL("the database is not asked when it was not there");
        return {};
    };
    const common::Logger quiet("test", common::LogLevel::error);
    CHECK(seed_core(s.core, s.zones, recalled, state, never, quiet) == 17);
    CHECK(s.antenna_at(kEpc1) == 102);
    CHECK(s.where(kEpc2).presence == smoothing::Presence::absent);
}

TEST_CASE("when current locations cannot be loaded, the local state is used, or the core starts empty",
          "[gateway][startup]") {
    const common::Logger quiet("test", common::LogLevel::error);
    const auto down = []() -> std::vector<PresentTag> { throw pg::StoreUnavailable("gone"); };
    LocalState state;
    state.positions = {{kEpc1, 101}};
    state.seq = 5;
    {
        Site s;
        CHECK(seed_core(s.core, s.zones, Registration{s.antennas, true}, state, down, quiet) == 5);
        CHECK(s.antenna_at(kEpc1) == 101);
    }
    {
        Site s;
        CHECK(seed_core(s.core, s.zones, Registration{s.antennas, true}, std::nullopt, down, quiet) == 0);
        CHECK(s.core.tracked_tags() == 0);
    }
    {
        Site s;  // the database's picture wins, and reflects no spool record
        const auto up = [] { return std::vector<PresentTag>{{kEpc2, 102, 12, std::nullopt, std::nullopt}}; };
        CHECK(seed_core(s.core, s.zones, Registration{s.antennas, true}, state, up, quiet) == 0);
        CHECK(s.antenna_at(kEpc2) == 102);
        CHECK(s.where(kEpc1).presence == smoothing::Presence::absent);
    }
}

TEST_CASE("replay hands every decodable spooled event to the writers, and applies those after the seed",
          "[gateway][startup]") {
    Site s;
    seed_from_database(s.core, s.zones, {{kEpc1, 101, 11, std::nullopt, std::nullopt}});
    std::vector<spool::SpoolRecord> recovered = {
        {1, encode_event(row("arrived", kEpc2, 101, 11))},  // reflected in the seed already
        {2, "not an event record"},
        {3, encode_event(moved(kEpc1, 102, 12, 11))},       // newer than the seed
        {4, encode_event(row("arrived", kEpc3, 999, 99))},  // an antenna that is gone: written, not applied
    };
    const auto replay = replay_spool(s.core, s.zones, recovered, 2);
    CHECK(replay.undecodable == 1);
    REQUIRE(replay.events.size() == 3);
    CHECK(replay.events[0].seq == 1);
    CHECK(replay.events[1].seq == 3);
    CHECK(replay.events[1].row.kind == "moved");
    CHECK(replay.events[2].seq == 4);
    CHECK(s.antenna_at(kEpc1) == 102);                              // the move was applied
    CHECK(s.where(kEpc2).presence == smoothing::Presence::absent);  // seq 1 is not after the seed
    CHECK(s.where(kEpc3).presence == smoothing::Presence::absent);

    // A departure in the spool takes the tag away again.
    const auto later = replay_spool(s.core, s.zones, {{5, encode_event(row("departed", kEpc1, 102, 12))}}, 2);
    CHECK(later.events.size() == 1);
    CHECK(s.where(kEpc1).presence == smoothing::Presence::absent);
}

TEST_CASE("the local state after start-up holds the antenna of every tag at a place", "[gateway][startup]") {
    Site s;
    seed_from_database(s.core, s.zones,
                       {{kEpc1, 101, 11, std::nullopt, std::nullopt}, {kEpc2, 102, 12, 101, std::nullopt}});
    s.core.tag(kEpc3);  // known, at no place
    const auto state = local_state_of(s.core, s.zones, s.antennas, 42);
    CHECK(state.seq == 42);
    CHECK(state.antennas.size() == s.antennas.size());
    CHECK(state.positions == std::map<std::string, std::int64_t>{{kEpc1, 101}, {kEpc2, 102}});
}

TEST_CASE("registration without a database takes the last run's, or waits until told to stop", "[gateway][startup]") {
    Site s;
    const common::Logger quiet("test", common::LogLevel::error);
    ReaderRegistry unreachable("host=/nonexistent dbname=none connect_timeout=1");
    int waits = 0;
    const auto twice = [&] { return ++waits < 3; };
    CHECK_FALSE(register_readers(unreachable, s.cfg, std::nullopt, twice, quiet));
    CHECK(waits == 3);  // tried once, then after each of the two waits; the third says stop

    LocalState cached;
    cached.antennas = {s.antennas[0], s.antennas[1]};
    waits = 0;
    const auto recalled = register_readers(unreachable, s.cfg, cached, twice, quiet);
    REQUIRE(recalled);
    CHECK_FALSE(recalled->from_database);
    CHECK(recalled->antennas.size() == 2);
    CHECK(waits == 0);
}

TEST_CASE("a reader registers with its transport and address", "[gateway][startup]") {
    Site s;
    s.cfg.readers[0].host = "10.0.0.5";
    s.cfg.readers[0].port = 1502;
    s.cfg.readers[1].rtu = bridge::SerialLine{};
    s.cfg.readers[1].rtu->device = "/dev/ttyUSB0";
    s.cfg.readers[1].unit_id = 7;
    const auto regs = registrations(s.cfg);
    REQUIRE(regs.size() == 2);
    CHECK(regs[0].transport == "tcp");
    CHECK(regs[0].address == "10.0.0.5:1502");
    CHECK(regs[1].transport == "rtu");
    CHECK(regs[1].address == "/dev/ttyUSB0");
    CHECK(regs[1].unit_id == 7);
    CHECK(regs[1].antennas.size() == 2);
}
