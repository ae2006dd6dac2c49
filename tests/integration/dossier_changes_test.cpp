// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, through the server process: a dossier page's WebSocket tells what changed about its dossier,
// whoever changed it (a location event written straight into the database, as the gateway writes them;
// a check-out through the API), only about that dossier, only to who may see it, and ends with the session.

#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "tests/support/notice_client.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {

NoticeClient watch(const ServerProcess& s, const std::string& ident, const std::string& token) {
    return NoticeClient(s.port, NoticeClient::Path{"/api/v1/dossiers/" + ident + "/changes"}, token);
}

// The next message, or null when none came in time.
json next_what(NoticeClient& c, std::chrono::milliseconds within = std::chrono::seconds(5)) {
    auto m = c.next(within);
    return m ? *m : json();
}

void move_volume(const ServerProcess& s, const std::string& epc) {
    s.db.exec(
        "INSERT INTO location_events (event_id, kind, epc, volume_id, antenna_id, location_id, observed_at) "
        "SELECT gen_random_uuid(), 'arrived', tb.epc, tb.volume_id, a.id, a.location_id, now() "
        "FROM tag_bindings tb, antennas a WHERE tb.epc = '" +
        epc + "' AND tb.valid_to IS NULL LIMIT 1");
}

}  // namespace

TEST_CASE("a dossier page hears what changed about its dossier, and only that", "[changes][e2e]") {
    ServerProcess s;
    s.db.exec(
        "INSERT INTO readers (code, site_id, transport, address, unit_id) SELECT 'R1', id, 'tcp', 'x:1', 1 FROM sites;"
        "INSERT INTO antennas (reader_id, port, location_id) SELECT r.id, 1, l.id FROM readers r, locations l "
        "WHERE l.code = 'HQ-R1-C2-S3'");
    const auto& clerk = s.token_for("liu.yang");
    auto page = watch(s, "2026-CR-0004", clerk);
    auto other = watch(s, "2026-CR-0005", clerk);
    // By its tag's EPC too: the same dossier.
    auto by_epc = watch(s, "E28011600000000000000004", clerk);

    const auto started = std::chrono::steady_clock::now();
    move_volume(s, "E28011600000000000000004");
    auto m = next_what(page);
    REQUIRE(m.is_object());
    CHECK(m == json{{"case_number", "2026-CR-0004"}, {"what", "location"}});
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK(next_what(by_epc) == m);

    const auto week = std::chrono::system_clock::now() + std::chrono::hours(24 * 7);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0004/checkout", {{"to", "wang.li"},
                                                              {"purpose", "hearing"},
                                                              {"due_back", casetrail::common::format_utc(week)},
                                                              {"by", "liu.yang"}})
                .status == 201);
    m = next_what(page);
    CHECK(m == json{{"case_number", "2026-CR-0004"}, {"what", "custody"}});
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0004/deadlines",
                   {{"kind", "court"}, {"due", casetrail::common::format_utc(week)}, {"by", "zhao.min"}})
                .status == 201);
    CHECK(next_what(page) == json{{"case_number", "2026-CR-0004"}, {"what", "dossier"}});
    // Nothing about 0004 reached the page of 0005: its first message is about its own change.
    move_volume(s, "E28011600000000000000005");
    CHECK(next_what(other) == json{{"case_number", "2026-CR-0005"}, {"what", "location"}});
}

TEST_CASE("a dossier's stream is refused outside one's scope, and ends with the session", "[changes][auth][e2e]") {
    ServerProcess s;
    REQUIRE(s.post("/api/v1/units", {{"code", "ECO"}, {"name", "Economic Crimes"}, {"kind", "bureau"}}).status == 201);
    REQUIRE(s.post("/api/v1/dossiers", {{"case_number", "2026-EC-0001"}, {"title", "Embezzlement"}, {"unit", "ECO"}})
                .status == 201);
    const auto& wang = s.token_for("wang.li");
    CHECK_THROWS(watch(s, "2026-EC-0001", wang));  // as if it did not exist
    CHECK_THROWS(watch(s, "2026-EC-9999", wang));
    CHECK_THROWS(watch(s, "2026-CR-0004", ""));
    const auto upgrade = [&](const std::string& target, const std::string& token) {
        return http_send(s.port, "GET", target, "",
                         {"Authorization: Bearer " + token, "Upgrade: websocket", "Connection: Upgrade",
                          "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="});
    };
    CHECK(upgrade("/api/v1/dossiers/2026-EC-0001/changes", wang).status == 404);
    CHECK_NOTHROW(watch(s, "2026-EC-0001", s.token_for("sun.hao")));
    // A plain GET is told what the path is.
    CHECK(s.get("/api/v1/dossiers/2026-CR-0004/changes").status == 400);

    // Logging out ends the stream within the few seconds of its token check.
    const auto login =
        http_send(s.port, "PUT", "/api/v1/staff/wang.li/password", json{{"password", "correct horse battery"}}.dump());
    REQUIRE(login.status == 200);
    const auto session =
        http_send(s.port, "POST", "/api/v1/login",
                  json{{"login", "wang.li"}, {"password", "correct horse battery"}}.dump(), {"Authorization:"});
    REQUIRE(session.status == 200);
    const auto token = json::parse(session.body)["token"].get<std::string>();
    auto page = watch(s, "2026-CR-0004", token);
    REQUIRE(http_send(s.port, "POST", "/api/v1/logout", "", {"Authorization: Bearer " + token}).status == 200);
    const auto m = page.next(std::chrono::seconds(12));
    REQUIRE(m.has_value());
    CHECK((*m)["error"]["code"] == "unauthorized");
    CHECK(wait_until([&] { return page.closed(); }, std::chrono::seconds(5)));
}
