// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/import_store.hpp"

#include "common/pg/connection.hpp"
#include "common/pg/refusals.hpp"
#include "common/pg/values.hpp"
#include "server/store/record_rows.hpp"

namespace casetrail::store {

namespace {

constexpr const char* kStart = "INSERT INTO imports (started_by, source) VALUES ($1, $2) RETURNING id";
constexpr const char* kSummary = R"sql(
SELECT id, state, (SELECT count(*) FROM import_rows r WHERE r.import_id = i.id), coalesce(dossiers_created, 0),
       coalesce(volumes_created, 0), coalesce(tags_bound, 0), started_by
FROM imports i WHERE id = $1
)sql";
constexpr const char* kLock = "SELECT state, started_by FROM imports WHERE id = $1 FOR UPDATE";
constexpr const char* kStage = R"sql(
INSERT INTO import_rows (import_id, line, case_number, title, case_type, unit, handler, home, volume, epc,
                         case_number_problem)
SELECT $1, x.line, x.case_number, x.title, x.case_type, x.unit, x.handler, x.home, x.volume, x.epc, x.problem
FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[],
            $11::text[])
     AS x(line, case_number, title, case_type, unit, handler, home, volume, epc, problem)
)sql";

// Every problem of the staged rows, by line. Each check is one set-based query over the whole import.
// `scope` is the starter's units. What lies outside it is never described: a handler there is "no active
// staff member of your units", and a case number or tag a dossier there has taken gets one fixed message
// whatever the row says (comparing the row with that dossier would confirm its title, handler or tags).
constexpr const char* kCheck = R"sql(
WITH r AS (SELECT * FROM import_rows WHERE import_id = $1),
scope AS (SELECT x AS unit_id FROM ct_units_in_scope((SELECT started_by FROM imports WHERE id = $1)) x),
allowed AS (SELECT u.code FROM units u JOIN scope ON scope.unit_id = u.id),
firsts AS (
  SELECT DISTINCT ON (case_number) case_number, line, title, coalesce(case_type, 'general') AS ct, unit, handler, home
  FROM r WHERE case_number IS NOT NULL ORDER BY case_number, line
)
SELECT line, field, message FROM (
  SELECT line, 'case_number' AS field, 'is missing' AS message FROM r WHERE case_number IS NULL OR btrim(case_number) = ''
  UNION ALL SELECT line, 'title', 'is missing' FROM r WHERE title IS NULL OR btrim(title) = ''
  UNION ALL SELECT line, 'unit', 'is missing' FROM r WHERE unit IS NULL OR btrim(unit) = ''
  UNION ALL SELECT line, 'case_number', case_number_problem FROM r WHERE case_number_problem IS NOT NULL
  UNION ALL SELECT line, 'title', 'is longer than 500 characters or has control characters'
    FROM r WHERE length(title) > 500 OR title ~ '[[:cntrl:]]'
  UNION ALL SELECT line, 'case_type', format('"%s" must be 1..32 lower-case letters, digits, ''_'' or ''-'', starting with a letter', case_type)
    FROM r WHERE case_type IS NOT NULL AND case_type !~ '^[a-z][a-z0-9_-]{0,31}$'
  UNION ALL SELECT line, 'volume', format('%s is not a volume number (1..100)', volume) FROM r WHERE volume < 1 OR volume > 100
  UNION ALL SELECT line, 'epc', format('"%s" is not an EPC (4..64 hex digits, whole 16-bit words)', epc)
    FROM r WHERE epc IS NOT NULL AND upper(epc) !~ '^([0-9A-F]{4}){1,16}$'
  UNION ALL SELECT line, 'unit', format('no unit has the code "%s"', unit)
    FROM r WHERE btrim(unit) <> '' AND NOT EXISTS (SELECT 1 FROM units u WHERE u.code = r.unit)
  UNION ALL SELECT line, 'unit', format('"%s" is not one of the units you may import into', unit)
    FROM r WHERE btrim(unit) <> '' AND EXISTS (SELECT 1 FROM units u WHERE u.code = r.unit)
     AND r.unit NOT IN (SELECT code FROM allowed)
  UNION ALL SELECT line, 'handler', format('no active staff member of your units has the login "%s"', handler)
    FROM r WHERE handler IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM staff s WHERE s.login = r.handler AND s.active AND s.unit_id IN (SELECT unit_id FROM scope))
  UNION ALL SELECT line, 'home', format('no location has the code "%s"', home)
    FROM r WHERE home IS NOT NULL AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.code = r.home)
  UNION ALL SELECT b.line, 'volume', format('volume %s of %s is on line %s already', coalesce(b.volume, 1), b.case_number, a.line)
    FROM r a JOIN r b ON b.case_number = a.case_number AND coalesce(b.volume, 1) = coalesce(a.volume, 1) AND b.line > a.line
    WHERE NOT EXISTS (SELECT 1 FROM r z WHERE z.case_number = a.case_number AND coalesce(z.volume, 1) = coalesce(a.volume, 1) AND z.line < a.line)
  UNION ALL SELECT x.line, 'case_number', format('%s has another title, type, unit, handler or home on line %s', x.case_number, f.line)
    FROM r x JOIN firsts f USING (case_number)
    WHERE x.line <> f.line AND (x.title IS DISTINCT FROM f.title OR coalesce(x.case_type, 'general') <> f.ct
          OR x.unit IS DISTINCT FROM f.unit OR x.handler IS DISTINCT FROM f.handler OR x.home IS DISTINCT FROM f.home)
  UNION ALL SELECT f.line, 'case_number', format('%s is registered already with another title, type, unit, handler or home', f.case_number)
    FROM firsts f JOIN dossiers d ON d.case_number = f.case_number JOIN units u ON u.id = d.owning_unit_id
    LEFT JOIN staff s ON s.id = d.case_handler_id LEFT JOIN locations l ON l.id = d.home_location_id
    WHERE d.owning_unit_id IN (SELECT unit_id FROM scope)
      AND (d.title IS DISTINCT FROM f.title OR d.case_type <> f.ct OR u.code IS DISTINCT FROM f.unit
           OR s.login IS DISTINCT FROM f.handler OR l.code IS DISTINCT FROM f.home)
  UNION ALL SELECT f.line, 'case_number', format('%s is registered already, in a unit outside yours', f.case_number)
    FROM firsts f JOIN dossiers d ON d.case_number = f.case_number
    WHERE d.owning_unit_id NOT IN (SELECT unit_id FROM scope)
  UNION ALL SELECT b.line, 'epc', format('tag %s is on line %s already', upper(b.epc), a.line)
    FROM r a JOIN r b ON upper(b.epc) = upper(a.epc) AND b.line > a.line
    WHERE NOT EXISTS (SELECT 1 FROM r z WHERE upper(z.epc) = upper(a.epc) AND z.line < a.line)
  UNION ALL SELECT x.line, 'epc', CASE WHEN d.owning_unit_id IN (SELECT unit_id FROM scope)
                                       THEN format('tag %s is bound to %s volume %s', upper(x.epc), d.case_number, v.volume_no)
                                       ELSE format('tag %s is bound to a dossier outside your units', upper(x.epc)) END
    FROM r x JOIN tag_bindings tb ON tb.epc = upper(x.epc) AND tb.valid_to IS NULL
    JOIN volumes v ON v.id = tb.volume_id JOIN dossiers d ON d.id = v.dossier_id
    WHERE d.owning_unit_id NOT IN (SELECT unit_id FROM scope)
       OR NOT (d.case_number = x.case_number AND v.volume_no = coalesce(x.volume, 1))
  UNION ALL SELECT x.line, 'epc', format('volume %s of %s carries tag %s already', coalesce(x.volume, 1), x.case_number, tb.epc)
    FROM r x JOIN dossiers d ON d.case_number = x.case_number
    JOIN volumes v ON v.dossier_id = d.id AND v.volume_no = coalesce(x.volume, 1)
    JOIN tag_bindings tb ON tb.volume_id = v.id AND tb.valid_to IS NULL
    WHERE x.epc IS NOT NULL AND tb.epc <> upper(x.epc) AND d.owning_unit_id IN (SELECT unit_id FROM scope)
) p ORDER BY line, field, message
LIMIT 10000
)sql";

constexpr const char* kApplyDossiers = R"sql(
WITH firsts AS (
  SELECT DISTINCT ON (case_number) case_number, title, coalesce(case_type, 'general') AS ct, unit, handler, home
  FROM import_rows WHERE import_id = $1 ORDER BY case_number, line
), ins AS (
  INSERT INTO dossiers (case_number, title, case_type, owning_unit_id, case_handler_id, home_location_id, status,
                        registered_by, registered_at, status_since)
  SELECT f.case_number, f.title, f.ct, u.id, s.id, l.id, 'registered', $2, now(), now()
  FROM firsts f JOIN units u ON u.code = f.unit LEFT JOIN staff s ON s.login = f.handler
  LEFT JOIN locations l ON l.code = f.home
  WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.case_number = f.case_number)
  ORDER BY f.case_number
  RETURNING 1
)
SELECT count(*) FROM ins
)sql";
constexpr const char* kApplyVolumes = R"sql(
WITH ins AS (
  INSERT INTO volumes (dossier_id, volume_no)
  SELECT DISTINCT d.id, coalesce(r.volume, 1) FROM import_rows r JOIN dossiers d ON d.case_number = r.case_number
  WHERE r.import_id = $1
  ON CONFLICT (dossier_id, volume_no) DO NOTHING
  RETURNING 1
)
SELECT count(*) FROM ins
)sql";
constexpr const char* kApplyTags = R"sql(
WITH ins AS (
  INSERT INTO tag_bindings (epc, volume_id, valid_from, bound_by)
  SELECT upper(r.epc), v.id, now(), $2 FROM import_rows r
  JOIN dossiers d ON d.case_number = r.case_number JOIN volumes v ON v.dossier_id = d.id AND v.volume_no = coalesce(r.volume, 1)
  WHERE r.import_id = $1 AND r.epc IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM tag_bindings tb WHERE tb.volume_id = v.id AND tb.epc = upper(r.epc) AND tb.valid_to IS NULL)
  RETURNING 1
)
SELECT count(*) FROM ins
)sql";
constexpr const char* kCommitted = R"sql(
UPDATE imports SET state = 'committed', committed_at = now(), dossiers_created = $2, volumes_created = $3, tags_bound = $4
WHERE id = $1
)sql";
constexpr const char* kDropRows = "DELETE FROM import_rows WHERE import_id = $1";

std::optional<ImportSummary> read_summary(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params(kSummary, id);
    if (r.empty()) return std::nullopt;
    return ImportSummary{r[0][0].as<std::int64_t>(), r[0][1].as<std::string>(), r[0][2].as<int>(),
                         r[0][3].as<int>(),          r[0][4].as<int>(),         r[0][5].as<int>(),
                         r[0][6].as<std::int64_t>()};
}

std::vector<ImportProblem> problems_of(pqxx::transaction_base& tx, std::int64_t id) {
    std::vector<ImportProblem> out;
    for (const auto& row : tx.exec_params(kCheck, id)) {
        out.push_back({row[0].as<int>(), row[1].as<std::string>(), row[2].as<std::string>()});
    }
    return out;
}

}  // namespace

ImportSummary ImportStore::start(const std::string& actor, const std::optional<std::string>& source) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto id = tx.exec_params1(kStart, acting_staff_id(tx, actor), source)[0].as<std::int64_t>();
        auto s = *read_summary(tx, id);
        tx.commit();
        return s;
    });
}

std::optional<ImportSummary> ImportStore::summary(std::int64_t id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        return read_summary(tx, id);
    });
}

int ImportStore::stage(std::int64_t id, const std::vector<ImportRow>& rows) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto l = tx.exec_params(kLock, id);
        if (l.empty()) throw pg::StoreUnknown("no import has the id " + std::to_string(id));
        if (l[0][0].as<std::string>() != "staging")
            throw pg::StoreConflict("import " + std::to_string(id) + " is committed");
        std::vector<std::int64_t> lines;
        std::vector<std::optional<std::string>> cn, title, type, unit, handler, home, epc, problem;
        std::vector<std::optional<std::int64_t>> volume;
        for (const auto& r : rows) {
            lines.push_back(r.line);
            cn.push_back(r.case_number);
            title.push_back(r.title);
            type.push_back(r.case_type);
            unit.push_back(r.unit);
            handler.push_back(r.handler);
            home.push_back(r.home);
            volume.push_back(r.volume);
            epc.push_back(r.epc);
            problem.push_back(r.case_number_problem);
        }
        pg::translating_refusals(
            "a line of these rows is staged in import " + std::to_string(id) + " already", "rows refused", [&] {
                return tx.exec_params(kStage, id, pg::int_array(lines), pg::nullable_text_array(cn),
                                      pg::nullable_text_array(title), pg::nullable_text_array(type),
                                      pg::nullable_text_array(unit), pg::nullable_text_array(handler),
                                      pg::nullable_text_array(home), pg::nullable_int_array(volume),
                                      pg::nullable_text_array(epc), pg::nullable_text_array(problem));
            });
        tx.commit();
        return static_cast<int>(rows.size());
    });
}

std::vector<ImportProblem> ImportStore::check(std::int64_t id) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        if (!read_summary(tx, id)) throw pg::StoreUnknown("no import has the id " + std::to_string(id));
        return problems_of(tx, id);
    });
}

CommitOutcome ImportStore::commit(std::int64_t id, const std::string& committer) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto l = tx.exec_params(kLock, id);
        if (l.empty()) throw pg::StoreUnknown("no import has the id " + std::to_string(id));
        if (l[0][0].as<std::string>() != "staging")
            throw pg::StoreConflict("import " + std::to_string(id) + " is committed already");
        const auto actor = acting_staff_id(tx, committer);
        // Nobody else registers dossiers or binds tags while this import checks and applies.
        tx.exec("LOCK TABLE dossiers, volumes, tag_bindings IN SHARE ROW EXCLUSIVE MODE");
        // The rows inserted in this transaction are not in the planner's statistics: without this it picks
        // nested loops over them and a 100,000-row import takes minutes instead of seconds.
        tx.exec("SET LOCAL enable_nestloop = off");
        tx.exec("SELECT ct_analyze_import_rows()");  // ANALYZE is the owner's: as the server's role it was skipped
        CommitOutcome out;
        out.problems = problems_of(tx, id);
        if (!out.problems.empty()) {
            out.summary = *read_summary(tx, id);
            return out;  // rolled back: nothing imported
        }
        const auto dossiers = tx.exec_params1(kApplyDossiers, id, actor)[0].as<int>();
        const auto volumes = tx.exec_params1(kApplyVolumes, id)[0].as<int>();
        const auto tags = tx.exec_params1(kApplyTags, id, actor)[0].as<int>();
        tx.exec_params(kCommitted, id, dossiers, volumes, tags);
        out.summary = *read_summary(tx, id);
        tx.exec_params(kDropRows, id);
        tx.commit();
        return out;
    });
}

}  // namespace casetrail::store
