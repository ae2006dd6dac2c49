// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// No event lost, none doubled: the real gateway killed with SIGKILL at random moments, and PostgreSQL
// stopped mid-stream. The simulator's scripted moves are the ground truth. CASETRAIL_LONG_TESTS=1 runs the
// long versions (20 kills; a 60 s outage).

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/gateway_stack.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;

namespace {

bool long_run() {
    const char* v = std::getenv("CASETRAIL_LONG_TESTS");
    return v && std::string(v) == "1";
}

// Where each tag truly is, and the events that must therefore exist.
struct Truth {
    std::map<int, int> antenna;  // tag -> antenna
    std::vector<std::string> expected;
    Truth() {
        for (int n = 1; n <= 40; ++n) {
            antenna[n] = (n - 1) / 5 + 1;
            expected.push_back(demo_epc(n) + " arrived -> " + shelf_of_antenna(antenna[n]));
        }
    }
    void moved(int tag, int to) {
        expected.push_back(demo_epc(tag) + " moved " + shelf_of_antenna(antenna[tag]) + " -> " + shelf_of_antenna(to));
        antenna[tag] = to;
    }
    int next_antenna(int tag) const { return antenna.at(tag) % 8 + 1; }
};

// The trail as stored, in the same form, per tag in observation order.
std::vector<std::string> stored_trail(const TestDatabase& db) {
    std::vector<std::string> out;
    const std::string sql = R"sql(
        SELECT string_agg(line, '|' ORDER BY epc, observed_at, id) FROM (
          SELECT e.epc, e.observed_at, e.id,
                 e.epc || ' ' || e.kind || ' ' || coalesce(f.code || ' ', '') || '-> ' || l.code AS line
          FROM location_events e JOIN locations l ON l.id = e.location_id
          LEFT JOIN locations f ON f.id = e.from_location_id) t)sql";
    const auto joined = db.query_value(sql);
    std::size_t start = 0;
    while (start < joined.size()) {
        auto end = joined.find('|', start);
        if (end == std::string::npos) end = joined.size();
        out.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::vector<std::string> sorted_by_tag(std::vector<std::string> v) {
    // The expected list is in move order; tags each appear in order, so a stable sort by EPC matches the
    // stored trail's per-tag observation order.
    std::stable_sort(v.begin(), v.end(),
                     [](const std::string& a, const std::string& b) { return a.substr(0, 24) < b.substr(0, 24); });
    return v;
}

bool matches_truth(const GatewayStack& s, const Truth& truth) {
    for (const auto& [tag, antenna] : truth.antenna) {
        char cn[16];
        std::snprintf(cn, sizeof cn, "2026-CR-%04d", tag);
        if (s.current(cn) != shelf_of_antenna(antenna) + "/present") return false;
    }
    return true;
}

}  // namespace

TEST_CASE("crash loop: SIGKILLed at random moments, the gateway loses and doubles nothing", "[e2e][crash]") {
    const int kills = long_run() ? 20 : 5;
    const unsigned seed = 20261124;
    INFO("seed " << seed << ", " << kills << " kills");
    std::mt19937 rng(seed);
    auto ms = [&](int lo, int hi) {
        return std::chrono::milliseconds(std::uniform_int_distribution<int>(lo, hi)(rng));
    };

    GatewayStack s;
    Truth truth;
    int move_no = 0;
    auto next_move = [&] {
        const int tag = (move_no++ * 7) % 40 + 1;  // 40 moves before a tag comes round again
        const int to = truth.next_antenna(tag);
        s.move(tag, to);
        truth.moved(tag, to);
    };

    for (int life = 0; life < kills; ++life) {
        s.start_gateway();
        std::this_thread::sleep_for(ms(0, 400));
        // Some moves while it runs, then the kill at a random moment: mid-detection, mid-spool, mid-write.
        const int before = std::uniform_int_distribution<int>(0, 4)(rng);
        for (int i = 0; i < before; ++i) {
            next_move();
            std::this_thread::sleep_for(ms(0, 350));
        }
        s.gateway->kill_hard();
        // And some while it is dead.
        for (int i = before; i < 4; ++i) next_move();
        std::this_thread::sleep_for(ms(0, 300));
    }
    s.start_gateway();
    INFO(s.logs());
    REQUIRE(wait_until([&] { return matches_truth(s, truth); }, 30s));
    s.wait_rounds(8);  // eight more rounds: nothing else may appear
    CHECK(s.gateway->terminate() == 0);

    const auto stored = stored_trail(s.db);
    const auto expected = sorted_by_tag(truth.expected);
    CHECK(stored.size() == expected.size());  // 0 lost, 0 duplicated...
    CHECK(stored == expected);                // ...and each one the right event
    CHECK(s.db.query_value("SELECT count(*) - count(DISTINCT event_id) FROM location_events") == "0");
}

TEST_CASE("database outage: the gateway keeps polling and spooling, survives a crash, and drains", "[e2e][outage]") {
    const auto outage = long_run() ? 60s : 5s;
    // A cluster of its own, since this test stops it.
    TempDir pg;
    struct ClusterGuard {
        std::string state;
        ~ClusterGuard() { run_command(std::string(CT_SOURCE_DIR) + "/tools/pgcluster", {"stop", state}); }
    } guard{pg.file("state")};
    const auto pgcluster = std::string(CT_SOURCE_DIR) + "/tools/pgcluster";
    REQUIRE(run_command(pgcluster, {"private", guard.state}).status == 0);
    std::ifstream conninfo_file(guard.state + "/conninfo");
    std::string admin;
    std::getline(conninfo_file, admin);

    GatewayStack s(admin);
    Truth truth;
    s.start_gateway();
    INFO(s.logs());
    REQUIRE(wait_until([&] { return matches_truth(s, truth); }, 20s));
    std::this_thread::sleep_for(300ms);

    REQUIRE(run_command(pgcluster, {"halt", guard.state}).status == 0);
    const auto down_at = std::chrono::steady_clock::now();
    std::map<int, std::chrono::system_clock::time_point> moved_at;
    for (int tag : {2, 9, 17, 26, 38}) {
        const int to = truth.next_antenna(tag);
        moved_at[tag] = std::chrono::system_clock::now();
        s.move(tag, to);
        truth.moved(tag, to);
        std::this_thread::sleep_for(300ms);
    }
    // The moves are spooled while the database is away...
    auto status = [&] {
        std::ifstream in(s.dir.file("spool/status.json"));
        return in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
    };
    REQUIRE(wait_until(
        [&] {
            auto st = status();
            return st.is_object() && st["database"] == "unavailable" && st["events_spooled"].get<int>() >= 45;
        },
        10s));
    CHECK(s.gateway->running());
    // ...and survive a crash of the gateway during the outage. The new one starts from its local state
    // (the database is still away) and goes on polling and spooling.
    s.gateway->kill_hard();
    s.start_gateway();
    CHECK_THAT(s.gateway->log(), Catch::Contains("starting from the local state of the last run"));
    for (int tag : {5, 33}) {
        const int to = truth.next_antenna(tag);
        moved_at[tag] = std::chrono::system_clock::now();
        s.move(tag, to);
        truth.moved(tag, to);
        std::this_thread::sleep_for(300ms);
    }
    REQUIRE(wait_until(
        [&] {
            auto st = status();
            return st.is_object() && st["events_spooled"].get<int>() >= 2;
        },
        10s));
    std::this_thread::sleep_until(down_at + outage);
    CHECK(s.gateway->running());
    REQUIRE(run_command(pgcluster, {"resume", guard.state}).status == 0);

    REQUIRE(wait_until([&] { return matches_truth(s, truth); }, 30s));
    // Eight more rounds: nothing else may appear. (A writer may still be waiting out its backoff from the
    // outage; stopping the gateway writes what is spooled.)
    s.wait_rounds(8, false);
    CHECK(s.gateway->terminate() == 0);
    CHECK(stored_trail(s.db) == sorted_by_tag(truth.expected));
    // Each move carries the time it was seen during the outage, not the time the database came back:
    // it came from the spool, not from seeing the tag again.
    for (const auto& [tag, at] : moved_at) {
        const auto observed_us = std::stoll(s.db.query_value(
            "SELECT (extract(epoch FROM observed_at) * 1000000)::bigint FROM location_events WHERE kind = 'moved' "
            "AND epc = '" +
            demo_epc(tag) + "'"));
        const auto move_us = std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
        CHECK(observed_us >= move_us - 200'000);
        CHECK(observed_us <= move_us + 2'000'000);
    }
}
