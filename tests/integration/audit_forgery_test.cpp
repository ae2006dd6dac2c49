// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The audit trail attacked from inside, as the logins of the shipped roles (casetrail_gateway,
// casetrail_server) and as the database's owner: every attempt to write a row in somebody else's name,
// to change or delete history without a trace, or to hold the trail up is refused or shows in the trail.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <set>

#include "common/time_format.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using nlohmann::json;

namespace {

// The message PostgreSQL refused `sql` with ("" when it ran).
std::string refusal(const std::string& conninfo, const std::string& sql) {
    try {
        exec_sql(conninfo, sql);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

long long audit_rows(const TestDatabase& db) { return std::stoll(db.query_value("SELECT count(*) FROM audit_log")); }

bool intact(const ServerProcess& s) { return s.get("/api/v1/audit/verify").body.value("intact", false); }

const std::string kWang = "(SELECT id FROM staff WHERE login = 'wang.li')";

}  // namespace

TEST_CASE("the gateway's login cannot append an audit row in another person's name", "[audit][roles][attack]") {
    ServerProcess s;
    const auto gw = s.db.gateway_conninfo();
    const auto before = audit_rows(s.db);

    // The attack as it worked: a temporary table named like an audited one, the audit function as its
    // trigger, a claimed actor. EXECUTE is the owner's alone, so the trigger cannot be made.
    CHECK_THAT(refusal(gw,
                       "SET casetrail.actor = 'sun.hao'; CREATE TEMP TABLE custody_periods (id bigint); "
                       "CREATE TRIGGER forge AFTER INSERT ON custody_periods REFERENCING NEW TABLE AS new_rows "
                       "FOR EACH STATEMENT EXECUTE FUNCTION public.ct_audit_rows('id'); "
                       "INSERT INTO custody_periods VALUES (9999)"),
               Catch::Contains("permission denied for function"));
    // Nor can it seal a name, or claim one without the seal on a table it may write.
    CHECK_THAT(refusal(gw, "SELECT ct_set_actor('sun.hao')"), Catch::Contains("permission denied for function"));
    const auto site = s.db.query_value("SELECT id FROM sites LIMIT 1");
    const auto insert_reader = "INSERT INTO readers (code, site_id, transport, address, unit_id) VALUES ('FORGED', " +
                               site + ", 'tcp', '10.0.0.9:502', 1)";
    CHECK_THAT(refusal(gw, "SET casetrail.actor = 'sun.hao'; " + insert_reader),
               Catch::Contains("was not set by ct_set_actor"));
    CHECK(audit_rows(s.db) == before);

    // What it may do is written as itself, with the login that connected.
    CHECK(refusal(gw, insert_reader).empty());
    CHECK(s.db.query_value("SELECT actor || ' ' || db_user FROM audit_log WHERE action = 'readers.insert' "
                           "AND after->>'code' = 'FORGED'") == "db:ct_test_gateway ct_test_gateway");

    // Even the owner, who may create the trigger, gets no row out of it: the function checks its table.
    CHECK_THAT(refusal(s.db.conninfo(),
                       "CREATE TEMP TABLE custody_periods (id bigint); "
                       "CREATE TRIGGER forge AFTER INSERT ON custody_periods REFERENCING NEW TABLE AS new_rows "
                       "FOR EACH STATEMENT EXECUTE FUNCTION public.ct_audit_rows(); "
                       "INSERT INTO custody_periods VALUES (9999)"),
               Catch::Contains("only the trigger of the audited tables"));
    CHECK(s.db.query_value("SELECT count(*) FROM audit_log WHERE subject = 'custody_periods:9999'") == "0");
    CHECK(intact(s));
}

TEST_CASE("the server's login cannot forge or replay an actor, change a role silently or delete history",
          "[audit][roles][attack]") {
    ServerProcess s;
    const auto srv = s.db.server_conninfo();
    const auto retitle = std::string("UPDATE dossiers SET title = title || ' (x)' WHERE case_number = '2026-CR-0001'");

    CHECK_THAT(refusal(srv, "SET casetrail.actor = 'sun.hao'; " + retitle),
               Catch::Contains("was not set by ct_set_actor"));
    // A seal is good for its own connection and transaction only: replayed in the next one, refused.
    {
        pqxx::connection c(srv);
        std::string seal;
        {
            pqxx::work tx(c);
            tx.exec("SELECT ct_set_actor('sun.hao')");
            seal = tx.exec("SELECT current_setting('casetrail.actor_seal')")[0][0].as<std::string>();
            tx.exec(retitle);
            tx.commit();
        }
        CHECK(s.db.query_value("SELECT actor || ' ' || db_user FROM audit_log WHERE action = 'dossiers.update' "
                               "ORDER BY seq DESC LIMIT 1") == "sun.hao ct_test_server");
        pqxx::work tx(c);
        tx.exec("SET LOCAL casetrail.actor = 'sun.hao'");
        tx.exec("SET LOCAL casetrail.actor_seal = " + tx.quote(seal));
        CHECK_THROWS_WITH(tx.exec(retitle), Catch::Contains("was not set by ct_set_actor"));
    }

    // The silent promotion: no UPDATE on roles for anyone, and not even the owner changes a key.
    const auto promote = "UPDATE staff_roles SET role = 'admin' WHERE staff_id = " + kWang;
    CHECK_THAT(refusal(srv, promote), Catch::Contains("permission denied for table staff_roles"));
    CHECK_THAT(refusal(s.db.conninfo(), promote), Catch::Contains("names the row in the audit trail"));
    CHECK_THAT(refusal(s.db.conninfo(),
                       "UPDATE lifecycle_steps SET to_status = 'closed' WHERE from_status = "
                       "'registered'"),
               Catch::Contains("names the row in the audit trail"));
    // Replacing the roles (as the roles route does) is in the trail, with who connected.
    CHECK(refusal(srv, "BEGIN; DELETE FROM staff_roles WHERE staff_id = " + kWang +
                           "; INSERT INTO staff_roles (staff_id, role) SELECT " + kWang + ", 'admin'; COMMIT")
              .empty());
    CHECK(s.db.query_value("SELECT string_agg(action || ' ' || db_user, ', ' ORDER BY seq) FROM audit_log "
                           "WHERE subject LIKE 'staff_roles:%' AND db_user = 'ct_test_server'") ==
          "staff_roles.delete ct_test_server, staff_roles.insert ct_test_server");

    // Deleting a handover: not the server's to do; the owner's delete is in the trail.
    REQUIRE(
        s.post("/api/v1/dossiers/2026-CR-0005/checkout",
               {{"to", "wang.li"},
                {"purpose", "hearing"},
                {"due_back", casetrail::common::format_utc(std::chrono::system_clock::now() + std::chrono::hours(48))},
                {"by", "liu.yang"}})
            .status == 201);
    REQUIRE(s.post("/api/v1/dossiers/2026-CR-0005/handovers", {{"to", "chen.jing"}, {"by", "wang.li"}}).status == 201);
    CHECK_THAT(refusal(srv, "DELETE FROM handovers"), Catch::Contains("permission denied for table handovers"));
    CHECK_THAT(refusal(srv, "DELETE FROM custody_periods"), Catch::Contains("permission denied"));
    CHECK_THAT(refusal(srv, "TRUNCATE handovers CASCADE"), Catch::Contains("permission denied"));
    CHECK(refusal(s.db.conninfo(), "DELETE FROM handovers").empty());
    CHECK(s.db.query_value("SELECT db_user || ' ' || (before->>'to_id' IS NOT NULL) FROM audit_log "
                           "WHERE action = 'handovers.delete'") == "postgres true");

    // A token planted with a known hash: in the trail, with the login, and without the hash.
    const auto plant =
        "INSERT INTO api_tokens (token_hash, kind, staff_id, label, created_at, created_by, expires_at) "
        "SELECT sha256('known'::bytea), 'api', id, 'planted', now(), id, now() + interval '1 day' FROM staff "
        "WHERE login = 'sun.hao'";
    CHECK_THAT(refusal(s.db.gateway_conninfo(), plant), Catch::Contains("permission denied"));
    CHECK(refusal(srv, plant).empty());
    CHECK(s.db.query_value("SELECT db_user || ' ' || (after->>'token_hash' LIKE 'sha256:%') || ' ' || "
                           "(after::text LIKE '%' || encode(sha256('known'::bytea), 'hex') || '%') FROM audit_log "
                           "WHERE action = 'api_tokens.insert' AND after->>'label' = 'planted'") ==
          "ct_test_server true false");
    CHECK(intact(s));
}

TEST_CASE("no login can hold the audit trail up, with the old advisory lock or a lock of the chain",
          "[audit][roles][attack]") {
    ServerProcess s;
    const auto gw = s.db.gateway_conninfo();
    const auto srv = s.db.server_conninfo();
    // The gateway's login holds the lock every audited write once waited for, and the notices' one.
    pqxx::connection holder(gw);
    pqxx::nontransaction(holder).exec("SELECT pg_advisory_lock(72616402), pg_advisory_lock(72616401)");

    // Audited writes and notices go on (a statement_timeout turns a wait into a failure here).
    CHECK(refusal(srv,
                  "SET statement_timeout = '15s'; SELECT ct_set_actor('sun.hao'); "
                  "UPDATE dossiers SET title = title || ' (y)' WHERE case_number = '2026-CR-0002'")
              .empty());
    CHECK(refusal(srv, "SET statement_timeout = '15s'; SELECT ct_lock_notice_order()").empty());
    const auto login = s.post("/api/v1/login", {{"login", "sun.hao"}, {"password", "wrong password"}});
    CHECK(login.status == 401);  // a refused login is written to the trail: it did not wait
    CHECK(s.db.query_value("SELECT count(*) FROM audit_log WHERE action = 'auth_events.insert'") != "0");

    // The chain's own lock is nobody's to take.
    CHECK_THAT(refusal(srv, "SELECT * FROM audit_head FOR UPDATE"), Catch::Contains("permission denied"));
    CHECK_THAT(refusal(gw, "SELECT * FROM audit_head FOR UPDATE"), Catch::Contains("permission denied"));
    CHECK_THAT(refusal(srv, "BEGIN; LOCK TABLE audit_log IN EXCLUSIVE MODE; COMMIT"),
               Catch::Contains("permission denied"));
    CHECK_THAT(refusal(gw, "SELECT ct_lock_notice_order()"), Catch::Contains("permission denied"));
    // And whoever holds it (the owner, a stuck writer) holds nobody up forever.
    CHECK(s.db.query_value("SELECT array_to_string(proconfig, ',') FROM pg_proc WHERE proname = 'ct_audit_rows'") ==
          "search_path=public, pg_temp,lock_timeout=120s");
    CHECK(intact(s));
}

TEST_CASE("every table that holds state is audited, or named with why not, and the roles hold no more than they use",
          "[audit][roles]") {
    const TestDatabase db;
    // Left out, each for a reason (docs/security.md): the trail and its locks, the migrator's record,
    // the gateway's current places and reader health (rewritten each round; derived from the audited
    // events and reported as alerts), the delivery of notices, and an import's staging rows.
    const std::set<std::string> exempt = {"audit_log",     "audit_head",       "audit_seal_key",   "audit_tables",
                                          "notice_order",  "schema_version",   "volume_locations", "reader_health",
                                          "alert_notices", "alert_deliveries", "webhook_cursors",  "webhook_queue",
                                          "import_rows"};
    pqxx::connection c(db.conninfo());
    pqxx::nontransaction tx(c);
    std::set<std::string> audited;
    for (const auto& row : tx.exec("SELECT name, append_only FROM audit_tables")) {
        const auto name = row[0].as<std::string>();
        audited.insert(name);
        std::set<std::string> triggers;
        for (const auto& t :
             tx.exec_params("SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal", name))
            triggers.insert(t[0].as<std::string>().substr(name.size()));
        INFO(name);
        CHECK(triggers.count("_audit_insert") == 1);
        CHECK(triggers.count("_audit_no_truncate") == 1);
        if (row[1].as<bool>()) {
            CHECK(triggers.count("_audit_append_only") == 1);
        } else {
            CHECK(triggers.count("_audit_update") == 1);
            CHECK(triggers.count("_audit_delete") == 1);
            CHECK(triggers.count("_audit_key") == 1);
        }
    }
    for (const auto& row : tx.exec("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                                   "AND relkind IN ('r', 'p')")) {
        const auto name = row[0].as<std::string>();
        INFO(name);
        CHECK((audited.count(name) + exempt.count(name)) == 1);
    }
    // Deletes only where the code deletes; no TRUNCATE, TRIGGER or REFERENCES for either role.
    // On any column: a grant of some columns counts.
    const auto held = [&](const std::string& role, const std::string& privilege) {
        const std::string check = privilege == "DELETE" || privilege == "TRUNCATE" || privilege == "TRIGGER"
                                      ? "has_table_privilege"
                                      : "has_any_column_privilege";
        std::set<std::string> tables;
        for (const auto& row :
             tx.exec_params("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN "
                            "('r', 'p', 'v') AND " +
                                check + "($1, oid, $2) ORDER BY 1",
                            role, privilege))
            tables.insert(row[0].as<std::string>());
        return tables;
    };
    CHECK(held("casetrail_server", "DELETE") == std::set<std::string>{"import_rows", "login_failures", "staff_roles"});
    CHECK(held("casetrail_gateway", "DELETE").empty());
    for (const auto* role : {"casetrail_server", "casetrail_gateway"}) {
        for (const auto* privilege : {"TRUNCATE", "TRIGGER", "REFERENCES"}) {
            INFO(role << " " << privilege);
            CHECK(held(role, privilege).empty());
        }
    }
    CHECK(held("casetrail_gateway", "INSERT") ==
          std::set<std::string>{"antennas", "location_events", "reader_health", "readers", "volume_locations"});
    CHECK(held("casetrail_server", "SELECT").count("audit_head") == 0);
    CHECK(held("casetrail_server", "SELECT").count("audit_seal_key") == 0);
    // The audit functions are their triggers' alone; the actor's setter and the chain's check the server's.
    const auto may_run = [&](const char* role, const char* fn) {
        return tx.exec_params("SELECT has_function_privilege($1, $2, 'EXECUTE')", role, fn)[0][0].as<bool>();
    };
    for (const auto* fn :
         {"ct_audit_rows()", "ct_audit_key_fixed()", "ct_actor_seal(text)", "ct_audit_redact(jsonb,text[])"}) {
        INFO(fn);
        CHECK_FALSE(may_run("casetrail_server", fn));
        CHECK_FALSE(may_run("casetrail_gateway", fn));
    }
    CHECK(may_run("casetrail_server", "ct_set_actor(text)"));
    CHECK_FALSE(may_run("casetrail_gateway", "ct_set_actor(text)"));
    CHECK_FALSE(may_run("casetrail_gateway", "ct_audit_head()"));
}
