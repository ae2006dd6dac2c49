// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, as the attack: a reader (or an impostor on its address) answering thousands of fresh EPCs
// every round must not exhaust the gateway's memory or the database, nor cost the dossiers on its
// shelves a single event (security issue #25, item 11).

#include <algorithm>
#include <fstream>
#include <optional>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_stack.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {

// The Casetrail layout with room for 4000 tags a round (96-bit EPCs in 10-register records).
constexpr const char* kFloodProfile = R"({
  "name": "casetrail-flood",
  "source": "tests/integration/reader_flood_test.cpp: casetrail-v1 with a 4000-slot table of 96-bit EPCs",
  "max_registers_per_read": 125, "word_order": "big", "byte_order": "big",
  "identity": { "function": "holding", "address": 0, "registers": 12, "magic": { "offset": 0, "value": 17236 },
                "firmware": { "offset": 2 }, "antenna_count": { "offset": 3 }, "serial": { "offset": 4, "registers": 8 } },
  "trigger": { "address": 32, "value": 1 },
  "status": { "function": "holding", "address": 16, "busy_mask": 2, "round_offset": 1 },
  "tag_list": { "mode": "count_records", "function": "holding", "count_address": 18, "records_address": 256,
                "capacity": 4000 },
  "record": { "registers": 10, "epc": { "offset": 4, "max_words": 6, "length": { "unit": "bits", "offset": 0 } },
              "antenna": { "offset": 1, "base": 1 }, "rssi": { "offset": 2, "signed": true, "scale": 0.1 },
              "read_count": { "offset": 3 } }
})";

constexpr int kMaxTracked = 500;
constexpr int kEventsPerMinute = 60;
constexpr int kFloodTags = 3000;  // a round: 1500 fresh ones, each reported in two rounds (enough to arrive)

long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

std::optional<nlohmann::json> status_of(const GatewayStack& s) {
    std::ifstream in(s.dir.file("spool") + "/status.json");
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!in || !j.is_object()) return std::nullopt;
    return j;
}

// What status.json says R1 tracks of unbound EPCs; -1 when it does not say.
long unbound_tracked(const nlohmann::json& status) {
    return status.value("/unbound_tags/readers/R1/tracked"_json_pointer, -1L);
}

std::string health_of(const GatewayStack& s, const std::string& column) {
    return s.db.query_value("SELECT " + column +
                            " FROM reader_health h JOIN readers r ON r.id = h.reader_id WHERE r.code = 'R1'");
}

}  // namespace

TEST_CASE("a flood of random EPCs from a simulated reader (memory bounded)", "[e2e][flood]") {
    TempDir files;
    files.write("casetrail-flood.json", kFloodProfile);
    GatewayStack s(admin_conninfo(), StackOptions{false, files.file("casetrail-flood.json"), {}});
    auto cfg = nlohmann::json::parse(s.gateway_config(s.db.conninfo()));
    cfg["health_report_ms"] = 500;
    cfg["unbound_tags"] = {
        {"max_tracked", kMaxTracked}, {"events_per_minute", kEventsPerMinute}, {"bindings_refresh_ms", 1000}};
    s.dir.write("gateway.json", cfg.dump());
    s.start_gateway();
    const auto present = [&] {
        return s.db.query_value("SELECT count(*) FROM volume_locations WHERE state = 'present'");
    };
    REQUIRE(wait_until([&] { return present() == "40"; }, 30s));
    REQUIRE(wait_until([&] { return health_of(s, "state") == "online"; }, 10s));

    s.control("flood " + std::to_string(kFloodTags) + " 2");
    const auto flood_began = std::chrono::steady_clock::now();
    s.wait_rounds(10, false);  // the cap filled, the first arrivals spent
    const long rss_warm = rss_kib(s.gateway->pid());
    REQUIRE(rss_warm > 0);

    // The dossiers on R1's shelves keep moving while it floods.
    s.move(3, 6);
    s.control("remove " + demo_epc(7));
    // A new tag on shelf 8, refused like the flood's (it comes after them in every round), until it is
    // bound to dossier 12 (re-tagged): then the gateway learns it is a dossier's, and takes it in.
    const std::string retag = "E2801160000000000000F012";
    s.control("add " + retag + " 8");
    s.wait_rounds(3, false);
    s.db.exec("UPDATE tag_bindings SET valid_to = now() WHERE epc = '" + demo_epc(12) + "'");
    s.db.exec("INSERT INTO tag_bindings (epc, volume_id, valid_from) SELECT '" + retag +
              "', volume_id, now() FROM tag_bindings WHERE epc = '" + demo_epc(12) + "'");
    long tracked_max = 0, rss_max = rss_warm;
    long long rounds_start = -1, rounds_now = 0;
    const bool flooded_long = wait_until(
        [&] {
            rss_max = std::max(rss_max, rss_kib(s.gateway->pid()));
            const auto st = status_of(s);
            if (!st) return false;
            tracked_max = std::max(tracked_max, unbound_tracked(*st));
            rounds_now = st->value("/reader_rounds/R1"_json_pointer, 0LL);
            if (rounds_start < 0) rounds_start = rounds_now;
            // 150 rounds of 1500 fresh EPCs: 225,000 EPCs an unbounded design would keep.
            return rounds_now >= rounds_start + 150;
        },
        120s, 100ms);
    INFO(s.logs());
    REQUIRE(flooded_long);
    const auto flood_minutes =
        std::chrono::duration<double, std::ratio<60>>(std::chrono::steady_clock::now() - flood_began).count();
    const auto st = status_of(s);
    REQUIRE(st);
    INFO("status.json: " << st->dump());

    // Memory: the tracked unbound EPCs never above the cap; the process did not grow with the flood.
    CHECK(tracked_max > 0);
    CHECK(tracked_max <= kMaxTracked);
    CHECK(st->value("tags_tracked", 1L << 30) <= 41 + kMaxTracked);  // the 40 dossiers' tags, dossier 12's new one
    const long rss_end = rss_kib(s.gateway->pid());
    INFO("RSS KiB: warm " << rss_warm << ", max " << rss_max << ", end " << rss_end);
    CHECK(rss_max - rss_warm < 24 * 1024);

    // The database: unbound EPCs' events within the rate (an arrival and its departure each), and no
    // current place for any of them.
    const auto unbound_rows =
        std::stol(s.db.query_value("SELECT count(*) FROM location_events WHERE volume_id IS NULL"));
    INFO("unbound rows " << unbound_rows << " in " << flood_minutes << " min");
    CHECK(unbound_rows > 0);
    CHECK(unbound_rows <= 2 * static_cast<long>(kEventsPerMinute * (1 + flood_minutes)));
    CHECK(s.db.query_value("SELECT count(*) FROM volume_locations") == "40");

    // The bound dossiers: still tracked, their moves written while the flood lasted.
    CHECK(wait_until([&] { return s.current("2026-CR-0003") == shelf_of_antenna(6) + "/present"; }, 20s));
    CHECK(wait_until([&] { return s.current("2026-CR-0007").ends_with("/absent"); }, 20s));
    CHECK(wait_until([&] { return s.current("2026-CR-0012") == shelf_of_antenna(8) + "/present"; }, 20s));
    CHECK(s.db.query_value("SELECT count(*) FROM location_events WHERE epc = '" + retag +
                           "' AND volume_id IS NOT NULL") == "1");
    CHECK(present() == "39");
    for (int n = 1; n <= 40; ++n)
        CHECK(s.events_of("2026-CR-" + std::string(4 - std::to_string(n).size(), '0') + std::to_string(n)) >= 1);

    // The reader: degraded, the flood named, while it lasts; online again once it stops.
    CHECK(wait_until([&] { return health_of(s, "state") == "degraded"; }, 10s));
    CHECK_THAT(health_of(s, "reason"), Catch::Contains("flood"));
    s.control("flood 0");
    CHECK(wait_until([&] { return health_of(s, "state") == "online"; }, 30s));
    CHECK(health_of(s, "coalesce(reason, 'none')") == "none");
    CHECK(s.gateway->terminate() == 0);
}
