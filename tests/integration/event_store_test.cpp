// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/store/event_store.hpp"
#include "gateway/store/reader_registry.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "common/pg/store_errors.hpp"
#include "gateway/events/event_id.hpp"
#include "tests/support/test_database.hpp"

using namespace casetrail;
using casetrail::test::TestDatabase;

namespace {

// An hour ago, in microseconds since the epoch: after the seed's tag bindings begin (30 days ago).
const std::int64_t kT0 =
    (std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() -
     3600) *
    1'000'000;
const std::string kEpc1 = "E28011600000000000000001";

struct Fixture {
    TestDatabase db{TestDatabase::Setup::seeded};
    gateway::ReaderRegistry readers{db.conninfo()};
    gateway::EventStore events{db.conninfo()};
    std::vector<gateway::RegisteredAntenna> antennas;

    Fixture() {
        antennas = readers.register_readers(
            {{"R1",
              "tcp",
              "127.0.0.1:1502",
              1,
              {{1, "HQ-R1-C1-S1", "shelf", ""}, {2, "HQ-R1-C1-S2", "shelf", ""}, {3, "HQ-R1-C1-S3", "shelf", ""}}}});
    }
    const gateway::RegisteredAntenna& antenna(int port) const {
        for (const auto& a : antennas)
            if (a.port == port) return a;
        throw std::logic_error("no antenna");
    }
    gateway::EventRow row(const std::string& kind, const std::string& epc, int port, std::int64_t t,
                          std::optional<int> from_port = std::nullopt) const {
        gateway::EventRow r;
        r.kind = kind;
        r.epc = epc;
        r.antenna_id = antenna(port).antenna_id;
        r.location_id = antenna(port).location_id;
        if (from_port) r.from_location_id = antenna(*from_port).location_id;
        r.observed_us = t;
        r.event_id = gateway::event_id("R1", port, epc, kind, t);
        r.evidence_json = R"({"rounds": 2, "note": "quote \" and backslash \\ and {braces}, commas"})";
        return r;
    }
    std::string current_code(const std::string& case_number) const {
        return db.query_value(
            "SELECT l.code || '/' || vl.state FROM volume_locations vl "
            "JOIN volumes v ON v.id = vl.volume_id JOIN dossiers d ON d.id = v.dossier_id "
            "JOIN locations l ON l.id = vl.location_id WHERE d.case_number = '" +
            case_number + "'");
    }
};

}  // namespace

TEST_CASE("registering readers maps antennas to locations, and re-registering updates", "[store][events]") {
    Fixture f;
    REQUIRE(f.antennas.size() == 3);
    CHECK(f.db.query_value("SELECT count(*) FROM antennas") == "3");
    auto again = f.readers.register_readers({{"R1", "tcp", "127.0.0.1:1600", 1, {{1, "HQ-R1-C2-S1", "shelf", ""}}}});
    CHECK(again[0].antenna_id == f.antenna(1).antenna_id);
    CHECK(f.db.query_value("SELECT address FROM readers WHERE code = 'R1'") == "127.0.0.1:1600");
    CHECK(f.db.query_value("SELECT l.code FROM antennas a JOIN locations l ON l.id = a.location_id WHERE a.port = 1") ==
          "HQ-R1-C2-S1");
}

TEST_CASE("an unknown location code in the gateway config is named", "[store][events]") {
    Fixture f;
    CHECK_THROWS_WITH(f.readers.register_readers({{"R2", "tcp", "h:1", 1, {{4, "NO-SUCH-SHELF", "shelf", ""}}}}),
                      "reader R2 antenna 4: location code \"NO-SUCH-SHELF\" is not in the database");
}

TEST_CASE("a batch writes events and moves the current location", "[store][events]") {
    Fixture f;
    CHECK(f.events.write_batch({f.row("arrived", kEpc1, 1, kT0), f.row("moved", kEpc1, 3, kT0 + 5'000'000, 1)}) == 2);
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S3/present");
    CHECK(f.db.query_value("SELECT count(*) FROM location_events WHERE volume_id IS NOT NULL") == "2");
    CHECK(f.db.query_value("SELECT evidence->>'note' FROM location_events LIMIT 1") ==
          "quote \" and backslash \\ and {braces}, commas");
    CHECK(f.db.query_value("SELECT (extract(epoch FROM since) * 1000000)::bigint FROM volume_locations") ==
          std::to_string(kT0 + 5'000'000));
    CHECK(f.events.present_tags({f.antenna(3).antenna_id}).size() == 1);
    CHECK(f.events.present_tags({f.antenna(1).antenna_id}).empty());

    f.events.write_batch({f.row("departed", kEpc1, 3, kT0 + 9'000'000)});
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S3/absent");
    CHECK(f.events.present_tags({f.antenna(3).antenna_id}).empty());
}

TEST_CASE("a late event goes into history but does not move the volume back", "[store][events]") {
    Fixture f;
    f.events.write_batch({f.row("arrived", kEpc1, 2, kT0 + 10'000'000)});
    // An older observation arrives afterwards (a replay, a slow second gateway).
    f.events.write_batch({f.row("arrived", kEpc1, 1, kT0)});
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S2/present");
    CHECK(f.db.query_value("SELECT count(*) FROM location_events") == "2");
    // Within one batch, the newest observation wins whatever the order.
    f.events.write_batch(
        {f.row("moved", kEpc1, 3, kT0 + 30'000'000, 2), f.row("moved", kEpc1, 1, kT0 + 20'000'000, 2)});
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S3/present");
}

TEST_CASE("staying at the same place keeps 'since'", "[store][events]") {
    Fixture f;
    f.events.write_batch({f.row("arrived", kEpc1, 1, kT0)});
    f.events.write_batch({f.row("arrived", kEpc1, 1, kT0 + 60'000'000)});  // a gateway without memory
    CHECK(f.db.query_value("SELECT (extract(epoch FROM since) * 1000000)::bigint FROM volume_locations") ==
          std::to_string(kT0));
}

TEST_CASE("ambiguous, resolved and doorway events set the volume's state, and the seed knows the signal",
          "[store][events]") {
    Fixture f;
    auto amb = f.row("ambiguous", kEpc1, 1, kT0);
    amb.alt_antenna_id = f.antenna(2).antenna_id;
    amb.alt_location_id = f.antenna(2).location_id;
    amb.evidence_json = R"({"rssi_dbm": -58.5, "other_reads": 4})";
    CHECK(f.events.write_batch({f.row("arrived", kEpc1, 1, kT0 - 5'000'000), amb}) == 2);
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S1/ambiguous");
    CHECK(f.db.query_value("SELECT l.code FROM volume_locations vl JOIN locations l ON l.id = vl.alt_location_id") ==
          "HQ-R1-C1-S2");
    const auto seeded = f.events.present_tags({f.antenna(1).antenna_id});
    REQUIRE(seeded.size() == 1);
    CHECK(seeded[0].alt_antenna_id == f.antenna(2).antenna_id);
    CHECK(seeded[0].rssi_dbm == Approx(-58.5));

    auto res = f.row("resolved", kEpc1, 2, kT0 + 5'000'000);
    res.alt_antenna_id = f.antenna(1).antenna_id;
    res.alt_location_id = f.antenna(1).location_id;
    f.events.write_batch({res});
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S2/present");
    CHECK(f.db.query_value("SELECT count(*) FROM volume_locations WHERE alt_location_id IS NOT NULL") == "0");

    f.events.write_batch({f.row("passed_out", kEpc1, 3, kT0 + 9'000'000)});
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S3/out");
    CHECK(f.events.present_tags({f.antenna(3).antenna_id}).empty());
    // Back in through the doorway: not on a shelf yet, last seen at the doorway.
    f.events.write_batch({f.row("passed_in", kEpc1, 3, kT0 + 99'000'000)});
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S3/absent");

    // The schema holds the shape: an ambiguous event names its second place.
    auto bad = f.row("ambiguous", kEpc1, 1, kT0 + 120'000'000);
    CHECK_THROWS(f.events.write_batch({bad}));
}

TEST_CASE("antenna roles and doorways are registered, and a doorway has one antenna a side", "[store][events]") {
    Fixture f;
    f.readers.register_readers({{"R2",
                                 "tcp",
                                 "127.0.0.1:1503",
                                 1,
                                 {{1, "HQ-R1-C2-S1", "portal-in", "DOOR-1"},
                                  {2, "HQ-R1-C2-S2", "portal-out", "DOOR-1"},
                                  {3, "HQ-R1-C2-S3", "desk", ""}}}});
    CHECK(f.db.query_value("SELECT string_agg(port || ':' || role || ':' || coalesce(portal, '-'), ',' ORDER BY port) "
                           "FROM antennas a JOIN readers r ON r.id = a.reader_id WHERE r.code = 'R2'") ==
          "1:portal-in:DOOR-1,2:portal-out:DOOR-1,3:desk:-");
    // The doorway moved to other ports: the old sides give way.
    f.readers.register_readers({{"R2",
                                 "tcp",
                                 "127.0.0.1:1503",
                                 1,
                                 {{1, "HQ-R1-C2-S1", "shelf", ""},
                                  {3, "HQ-R1-C2-S3", "portal-in", "DOOR-1"},
                                  {4, "HQ-R1-C2-S4", "portal-out", "DOOR-1"}}}});
    CHECK(f.db.query_value("SELECT string_agg(port || ':' || role, ',' ORDER BY port) FROM antennas a "
                           "JOIN readers r ON r.id = a.reader_id WHERE r.code = 'R2'") ==
          "1:shelf,2:shelf,3:portal-in,4:portal-out");
    // A doorway wired backwards is fixed by swapping its sides in the config.
    f.readers.register_readers({{"R2",
                                 "tcp",
                                 "127.0.0.1:1503",
                                 1,
                                 {{1, "HQ-R1-C2-S1", "shelf", ""},
                                  {3, "HQ-R1-C2-S3", "portal-out", "DOOR-1"},
                                  {4, "HQ-R1-C2-S4", "portal-in", "DOOR-1"}}}});
    CHECK(f.db.query_value("SELECT string_agg(port || ':' || role, ',' ORDER BY port) FROM antennas a "
                           "JOIN readers r ON r.id = a.reader_id WHERE r.code = 'R2'") ==
          "1:shelf,2:shelf,3:portal-out,4:portal-in");
    CHECK_THROWS(
        f.db.exec("UPDATE antennas SET role = 'portal-in', portal = 'DOOR-1' WHERE port = 2 AND "
                  "reader_id = (SELECT id FROM readers WHERE code = 'R2')"));
    CHECK_THROWS(f.db.exec("UPDATE antennas SET portal = 'DOOR-9' WHERE role = 'shelf'"));
}

TEST_CASE("an unbound tag's events are kept without a volume", "[store][events]") {
    Fixture f;
    CHECK(f.events.write_batch({f.row("arrived", "DEADBEEF", 1, kT0)}) == 1);
    CHECK(f.db.query_value("SELECT volume_id FROM location_events WHERE epc = 'DEADBEEF'") == "NULL");
    CHECK(f.db.query_value("SELECT count(*) FROM volume_locations") == "0");
}

TEST_CASE("a tag re-bound to another volume is attributed by the time it was observed", "[store][events]") {
    Fixture f;
    // EPC 1 moves from dossier 0001 to dossier 0040 at kT0 + 10 s.
    f.db.exec("UPDATE tag_bindings SET valid_to = to_timestamp(" + std::to_string((kT0 + 10'000'000) / 1'000'000) +
              ") WHERE epc = '" + kEpc1 + "'");
    f.db.exec("UPDATE tag_bindings SET valid_to = now() - interval '1 day' WHERE epc = 'E28011600000000000000040'");
    f.db.exec("INSERT INTO tag_bindings (epc, volume_id, valid_from) SELECT '" + kEpc1 + "', v.id, to_timestamp(" +
              std::to_string((kT0 + 10'000'000) / 1'000'000) +
              ") FROM volumes v JOIN dossiers d ON d.id = v.dossier_id WHERE d.case_number = '2026-CR-0040'");
    f.events.write_batch({f.row("arrived", kEpc1, 1, kT0), f.row("moved", kEpc1, 2, kT0 + 20'000'000, 1)});
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S1/present");
    CHECK(f.current_code("2026-CR-0040") == "HQ-R1-C1-S2/present");
}

TEST_CASE("an unreachable database is StoreUnavailable", "[store][events]") {
    gateway::EventStore events("host=/nonexistent port=1 user=x dbname=y connect_timeout=2");
    CHECK_THROWS_AS(events.write_batch({gateway::EventRow{}}), pg::StoreUnavailable);
}

TEST_CASE("replaying a batch stores nothing twice", "[store][events]") {
    Fixture f;
    const std::vector<gateway::EventRow> batch = {f.row("arrived", kEpc1, 1, kT0),
                                                  f.row("moved", kEpc1, 2, kT0 + 1'000'000, 1)};
    CHECK(f.events.write_batch(batch) == 2);
    CHECK(f.events.write_batch(batch) == 0);
    // A partial overlap writes only what is new.
    CHECK(f.events.write_batch({batch[1], f.row("moved", kEpc1, 3, kT0 + 2'000'000, 2)}) == 1);
    CHECK(f.db.query_value("SELECT count(*) FROM location_events") == "3");
    CHECK(f.current_code("2026-CR-0001") == "HQ-R1-C1-S3/present");
}

TEST_CASE("two gateways writing the same volumes at once: no deadlock, no lost update", "[store][events]") {
    Fixture f;
    f.readers.register_readers(
        {{"R2", "tcp", "127.0.0.1:1503", 1, {{1, "HQ-R1-C2-S1", "shelf", ""}, {2, "HQ-R1-C2-S2", "shelf", ""}}}});
    const auto r2 = f.readers.register_readers(
        {{"R2", "tcp", "127.0.0.1:1503", 1, {{1, "HQ-R1-C2-S1", "shelf", ""}, {2, "HQ-R1-C2-S2", "shelf", ""}}}});
    constexpr int kRounds = 60;
    constexpr int kTags = 20;
    std::atomic<int> failures{0};
    auto gateway = [&](int which) {
        gateway::EventStore es(f.db.conninfo());
        for (int round = 0; round < kRounds; ++round) {
            std::vector<gateway::EventRow> batch;
            for (int k = 0; k < kTags; ++k) {
                // Opposite orders over the same volumes, so that a naive writer would deadlock.
                const int tag = which == 0 ? k + 1 : kTags - k;
                char epc[32];
                std::snprintf(epc, sizeof epc, "E2801160000000000000%04d", tag);
                const std::int64_t t = kT0 + (round * 2 + which) * 1000 + tag;
                gateway::EventRow r;
                r.kind = "arrived";
                r.epc = epc;
                const auto& a = which == 0 ? f.antenna(1 + round % 3) : r2[static_cast<std::size_t>(round % 2)];
                r.antenna_id = a.antenna_id;
                r.location_id = a.location_id;
                r.observed_us = t;
                r.event_id = gateway::event_id(which == 0 ? "R1" : "R2", a.port, epc, "arrived", t);
                batch.push_back(r);
            }
            try {
                es.write_batch(batch);
            } catch (const std::exception&) {
                ++failures;
            }
        }
    };
    std::thread a(gateway, 0), b(gateway, 1);
    a.join();
    b.join();
    CHECK(failures == 0);
    CHECK(f.db.query_value("SELECT count(*) FROM location_events") == std::to_string(2 * kRounds * kTags));
    // Each volume's current row is its newest observation, whichever gateway made it.
    CHECK(f.db.query_value(R"sql(
        SELECT count(*) FROM volume_locations vl
        WHERE vl.observed_at <> (SELECT max(observed_at) FROM location_events e WHERE e.volume_id = vl.volume_id)
           OR vl.event_id <> (SELECT e.id FROM location_events e WHERE e.volume_id = vl.volume_id
                              ORDER BY observed_at DESC, id DESC LIMIT 1))sql") == "0");
    CHECK(f.db.query_value("SELECT count(*) FROM volume_locations") == std::to_string(kTags));
}
