// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box, through the server process and the CLI: the audit trail records changes of state with their
// actor, and `casetrail audit verify` catches a row edited, deleted or swapped by a superuser.

#include <catch2/catch.hpp>

#include "common/time_format.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {

CommandResult verify(const ServerProcess& s, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--url", s.url(), "audit", "verify"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
}

// The superuser's way around the append-only triggers.
void as_superuser(const ServerProcess& s, const std::string& sql) {
    s.db.exec("BEGIN; SET LOCAL session_replication_role = replica; " + sql + "; COMMIT;");
}

}  // namespace

TEST_CASE("the audit trail records changes with their actor, and verify catches an edited, a deleted and a swapped row",
          "[audit][e2e]") {
    ServerProcess s;
    const auto due = casetrail::common::format_utc(std::chrono::system_clock::now() + std::chrono::hours(48));
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0005/checkout",
                   {{"to", "wang.li"}, {"purpose", "hearing"}, {"due_back", due}, {"by", "liu.yang"}})
                .status == 201);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0005/checkin", {{"by", "liu.yang"}}).status == 200);
    REQUIRE(
        s.post("/api/v1/dossiers/2026-CR-0006/transitions", {{"to", "in_legal_review"}, {"by", "zhao.min"}}).status ==
        200);
    CHECK(s.db.query_value("SELECT actor FROM audit_log WHERE action = 'custody_periods.insert'") == "liu.yang");
    CHECK(s.db.query_value("SELECT actor FROM audit_log WHERE action = 'custody_periods.update'") == "liu.yang");
    CHECK(s.db.query_value("SELECT after->>'to_status' FROM audit_log WHERE action = 'dossier_transitions.insert'") ==
          "in_legal_review");
    CHECK(s.db.query_value("SELECT actor FROM audit_log WHERE action = 'dossier_transitions.insert'") == "zhao.min");
    CHECK(
        s.db.query_value(
            "SELECT before->>'status' || '>' || (after->>'status') FROM audit_log WHERE action = 'dossiers.update'") ==
        "in_handling>in_legal_review");
    // The application cannot rewrite it.
    CHECK_THROWS(s.db.exec("UPDATE audit_log SET actor = 'nobody' WHERE seq = 1"));
    CHECK_THROWS(s.db.exec("DELETE FROM audit_log WHERE seq = 1"));

    auto r = verify(s);
    REQUIRE(r.status == 0);
    CHECK_THAT(r.output, Catch::StartsWith("audit trail intact: "));
    const auto rows = std::stoll(s.db.query_value("SELECT count(*) FROM audit_log"));
    REQUIRE(rows > 132);  // the seed, then these changes
    const auto head = s.db.query_value("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    CHECK_THAT(r.output, Catch::Contains(std::to_string(rows) + " rows, head " + head));

    SECTION("an edited row") {
        as_superuser(s, "UPDATE audit_log SET actor = 'someone.else' WHERE seq = 100");
        r = verify(s);
        CHECK(r.status == 5);
        CHECK_THAT(r.output, Catch::Contains("broken at row 100 (edited)"));
        // Edited with its hash recomputed: the next row's link tells.
        as_superuser(
            s,
            "UPDATE audit_log SET hash = ct_audit_hash(prev_hash, at, actor, action, subject, before, after, db_user) WHERE seq = 100");
        CHECK_THAT(verify(s).output, Catch::Contains("broken at row 100 (edited)"));
    }
    SECTION("a deleted row") {
        as_superuser(s, "DELETE FROM audit_log WHERE seq = 120");
        r = verify(s);
        CHECK(r.status == 5);
        CHECK_THAT(r.output, Catch::Contains("broken at row 120 (deleted)"));
    }
    SECTION("two rows swapped") {
        as_superuser(s,
                     "UPDATE audit_log SET seq = -1 WHERE seq = 130; UPDATE audit_log SET seq = 130 WHERE seq = 131; "
                     "UPDATE audit_log SET seq = 131 WHERE seq = -1");
        r = verify(s);
        CHECK(r.status == 5);
        CHECK_THAT(r.output, Catch::Contains("broken at row 130 (reordered)"));
    }
    SECTION("the last row deleted: the head tells") {
        as_superuser(s, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
        r = verify(s);
        CHECK(r.status == 5);
        CHECK_THAT(r.output, Catch::Contains("rows were deleted at the end"));
    }
    SECTION("the last row deleted and the head set back: only a remembered head tells") {
        as_superuser(s,
                     "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log); "
                     "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log), "
                     "hash = (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)");
        CHECK(verify(s).status == 0);
        r = verify(s, {"--head", head});
        CHECK(r.status == 5);
        CHECK_THAT(r.output, Catch::Contains("no row has the remembered head"));
        CHECK(verify(s, {"--head", "xyz"}).status == 2);
    }
}
