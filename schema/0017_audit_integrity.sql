-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- The audit trail, second round: complete, and written by nobody but its triggers. Every table that
-- holds state a person or the system changed is listed in audit_tables and audited on insert, update
-- and delete (or is append-only by trigger and audited on insert); the few left out are named at the
-- end with why. Each row records the database login (session_user) beside the claimed actor, and a
-- claimed actor must carry the seal that only ct_set_actor, which only the server's role may call,
-- makes for this connection and this transaction. The chain is serialised on a row of audit_head that
-- no role can lock (the advisory lock 72616402 was open to every login), with a lock_timeout.
-- Privileges are granted per table and per column for exactly what each daemon's code does.

-- The trail itself ---------------------------------------------------------------------------------

-- NULL for the rows written before this migration (their hash does not cover it).
ALTER TABLE audit_log ADD COLUMN db_user text;

-- The newest row's seq and hash: the chain's lock (a row lock held to commit) and its end, which
-- `audit verify` compares with the last row, so that rows cut off the end show too.
CREATE TABLE audit_head (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq   bigint NOT NULL,
    hash  text NOT NULL
);
INSERT INTO audit_head (seq, hash)
SELECT coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), repeat('0', 64))
FROM audit_log;

-- The key of the actor's seal; readable by the owner alone.
CREATE TABLE audit_seal_key (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    key  bytea NOT NULL CHECK (length(key) = 32)
);
INSERT INTO audit_seal_key (key)
VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));

-- What is audited: the columns that name a row (an UPDATE may not change them, so that before and
-- after pair up), the columns kept in the trail only as their SHA-256 (no password or token hash
-- reaches it), and whether the table only ever grows.
CREATE TABLE audit_tables (
    name         text PRIMARY KEY,
    key          text[] NOT NULL CHECK (cardinality(key) >= 1),
    redact       text[] NOT NULL DEFAULT '{}',
    append_only  boolean NOT NULL DEFAULT false
);
INSERT INTO audit_tables (name, key, redact, append_only) VALUES
    ('sites', '{id}', '{}', false),
    ('locations', '{id}', '{}', false),
    ('readers', '{id}', '{}', false),
    ('antennas', '{id}', '{}', false),
    ('units', '{id}', '{}', false),
    ('staff', '{id}', '{}', false),
    ('staff_roles', '{staff_id,role}', '{}', false),
    ('credentials', '{staff_id}', '{password_hash}', false),
    ('api_tokens', '{id}', '{token_hash}', false),
    ('auth_events', '{id}', '{}', true),
    ('lifecycle_steps', '{from_status,to_status}', '{}', false),
    ('dossiers', '{id}', '{}', false),
    ('dossier_transitions', '{id}', '{}', true),
    ('deadlines', '{id}', '{}', false),
    ('volumes', '{id}', '{}', false),
    ('tag_bindings', '{id}', '{}', false),
    ('custody_periods', '{id}', '{}', false),
    ('handovers', '{id}', '{}', false),
    ('stocktakes', '{id}', '{}', false),
    ('stocktake_expected', '{stocktake_id,volume_id}', '{}', true),
    ('stocktake_batches', '{stocktake_id,batch_id}', '{}', false),
    ('stocktake_scans', '{stocktake_id,batch_id,epc}', '{}', true),
    ('imports', '{id}', '{}', false),
    ('alert_rules', '{name}', '{}', false),
    ('alerts', '{id}', '{}', false),
    ('location_events', '{id}', '{}', true);

-- Version 2 of the row hash: also covers who connected (rows before this migration: db_user NULL,
-- the same hash as before).
DROP TRIGGER alerts_audit_update ON alerts;
DROP FUNCTION ct_audit_alert();
DROP FUNCTION ct_audit_hash(text, timestamptz, text, text, text, jsonb, jsonb);
CREATE FUNCTION ct_audit_hash(prev text, at timestamptz, actor text, action text, subject text, before jsonb,
                              after jsonb, db_user text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(prev || '|' || ct_us(at) || '|' || actor || '|' || action || '|' || subject || '|'
                                    || coalesce(before::text, '-') || '|' || coalesce(after::text, '-')
                                    || coalesce('|' || db_user, ''), 'UTF8')), 'hex')
$$;

-- The "by" columns that name who made a change when no actor is set; revoked_by is new.
CREATE OR REPLACE FUNCTION ct_audit_actor_id(b jsonb, a jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(
            (a->>'actor_id')::bigint,
            CASE WHEN (a->'resolved_by') IS DISTINCT FROM (b->'resolved_by') THEN (a->>'resolved_by')::bigint END,
            CASE WHEN (a->'acknowledged_by') IS DISTINCT FROM (b->'acknowledged_by') THEN (a->>'acknowledged_by')::bigint END,
            CASE WHEN (a->'outcome_by') IS DISTINCT FROM (b->'outcome_by') THEN (a->>'outcome_by')::bigint END,
            CASE WHEN (a->'closed_by') IS DISTINCT FROM (b->'closed_by') THEN (a->>'closed_by')::bigint END,
            CASE WHEN (a->'unbound_by') IS DISTINCT FROM (b->'unbound_by') THEN (a->>'unbound_by')::bigint END,
            CASE WHEN (a->'met_by') IS DISTINCT FROM (b->'met_by') THEN (a->>'met_by')::bigint END,
            CASE WHEN (a->'finished_by') IS DISTINCT FROM (b->'finished_by') THEN (a->>'finished_by')::bigint END,
            CASE WHEN (a->'revoked_by') IS DISTINCT FROM (b->'revoked_by') THEN (a->>'revoked_by')::bigint END,
            CASE WHEN b IS NULL THEN coalesce((a->>'bound_by')::bigint, (a->>'opened_by')::bigint, (a->>'started_by')::bigint,
                                              (a->>'created_by')::bigint, (a->>'registered_by')::bigint) END)
$$;

-- The claimed actor's seal: bound to this connection (its backend) and this transaction (its start),
-- keyed with a secret only the owner reads. Called only inside the owner's functions below.
CREATE FUNCTION ct_actor_seal(who text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(k.key || sha256(k.key || convert_to(who || '|' || pg_backend_pid() || '|'
                                                              || ct_us(transaction_timestamp()), 'UTF8'))), 'hex')
    FROM audit_seal_key k
$$;

-- How the server names the person making a change, for the rest of the transaction.
CREATE FUNCTION ct_set_actor(who text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM staff s WHERE s.login = who AND s.active) THEN
        RAISE EXCEPTION 'no active staff member has the login "%"', who USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM set_config('casetrail.actor', who, true);
    PERFORM set_config('casetrail.actor_seal', ct_actor_seal(who), true);
END $$;

-- A row as the trail keeps it: redacted columns replaced by their SHA-256.
CREATE FUNCTION ct_audit_redact(j jsonb, cols text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN j IS NULL OR cardinality(cols) = 0 THEN j
                ELSE j || coalesce((SELECT jsonb_object_agg(c, 'sha256:' || encode(sha256(convert_to(j->>c, 'UTF8')), 'hex'))
                                    FROM unnest(cols) AS c WHERE j->>c IS NOT NULL), '{}'::jsonb) END
$$;

-- One statement's changed rows, chained one by one under the head's row lock, held to commit: rows are
-- in commit order. Refuses to run for a table that is not audited (a copy under another schema, a
-- temporary table of the same name) and a claimed actor without its seal.
CREATE OR REPLACE FUNCTION ct_audit_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET lock_timeout = '120s' AS $$
DECLARE
    spec audit_tables;
    r record;
    last_seq bigint;
    last_hash text;
    t timestamptz := clock_timestamp();
    t_us text;
    act text := TG_TABLE_NAME || '.' || lower(TG_OP);
    named text := nullif(current_setting('casetrail.actor', true), '');
    db_user text := session_user;
    fallback text := 'db:' || session_user;
    who text;
    who_id bigint;
    cached_id bigint;
    cached_login text;
    seqs bigint[] := '{}';
    actors text[] := '{}';
    subjects text[] := '{}';
    befores jsonb[] := '{}';
    afters jsonb[] := '{}';
    prevs text[] := '{}';
    hashes text[] := '{}';
    subj text;
    paired text;
    subj_expr text;
    old_row text;
    new_row text;
BEGIN
    SELECT * INTO spec FROM audit_tables WHERE name = TG_TABLE_NAME;
    IF TG_TABLE_SCHEMA <> 'public' OR spec.name IS NULL OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'ct_audit_rows is only the trigger of the audited tables, not of %.%', TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF named IS NOT NULL AND current_setting('casetrail.actor_seal', true) IS DISTINCT FROM ct_actor_seal(named) THEN
        RAISE EXCEPTION 'casetrail.actor "%" was not set by ct_set_actor in this transaction: refused', named
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    t_us := ct_us(t)::text;
    SELECT string_agg(format('n.%1$I = o.%1$I', k), ' AND '),
           string_agg(format('(coalesce(a, b) ->> %L)', k), ' || ''/'' || ')
    INTO paired, subj_expr FROM unnest(spec.key) AS k;
    -- Rows as jsonb, redacted where the table says so (most do not: no call per row for them).
    old_row := CASE WHEN cardinality(spec.redact) = 0 THEN 'to_jsonb(o)' ELSE 'ct_audit_redact(to_jsonb(o), $1)' END;
    new_row := replace(old_row, '(o)', '(n)');
    FOR r IN EXECUTE 'SELECT b, a, ' || subj_expr || ' AS s FROM (' || CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT NULL::jsonb AS b, ' || new_row || ' AS a FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT ' || old_row || ' AS b, NULL::jsonb AS a FROM old_rows o'
        ELSE 'SELECT ' || old_row || ' AS b, ' || new_row || ' AS a FROM old_rows o JOIN new_rows n ON ' || paired
        END || ') x WHERE b IS DISTINCT FROM a'
        USING spec.redact
    LOOP
        -- The lock (held to commit) only once there is something to write: a statement that changed
        -- nothing must not hold up the others.
        IF last_seq IS NULL THEN
            SELECT seq, hash INTO last_seq, last_hash FROM audit_head FOR UPDATE;
        END IF;
        who := named;
        IF who IS NULL THEN
            who_id := ct_audit_actor_id(r.b, r.a);
            IF who_id IS NULL THEN
                who := fallback;
            ELSE
                IF who_id IS DISTINCT FROM cached_id THEN
                    cached_id := who_id;
                    SELECT login INTO cached_login FROM staff WHERE id = who_id;
                END IF;
                who := coalesce(cached_login, fallback);
            END IF;
        END IF;
        subj := TG_TABLE_NAME || ':' || r.s;
        last_seq := last_seq + 1;
        seqs := seqs || last_seq;
        actors := actors || who;
        subjects := subjects || subj;
        befores := befores || r.b;
        afters := afters || r.a;
        prevs := prevs || last_hash;
        -- ct_audit_hash, inlined: this loop runs once per changed row (100,000 for an import).
        last_hash := encode(sha256(convert_to(last_hash || '|' || t_us || '|' || who || '|' || act || '|' || subj || '|'
                                              || coalesce(r.b::text, '-') || '|' || coalesce(r.a::text, '-')
                                              || '|' || db_user, 'UTF8')), 'hex');
        hashes := hashes || last_hash;
    END LOOP;
    IF last_seq IS NOT NULL THEN
        -- One insert for the statement's rows.
        INSERT INTO audit_log (seq, at, actor, action, subject, before, after, prev_hash, hash, db_user)
        SELECT s, t, w, act, sb, b, a, p, h, db_user
        FROM unnest(seqs, actors, subjects, befores, afters, prevs, hashes) AS x(s, w, sb, b, a, p, h);
        UPDATE audit_head SET seq = last_seq, hash = last_hash;
    END IF;
    RETURN NULL;
END $$;

-- The columns that name a row do not change: the trail pairs before and after by them.
CREATE FUNCTION ct_audit_key_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k text;
BEGIN
    FOREACH k IN ARRAY TG_ARGV LOOP
        IF (to_jsonb(OLD) -> k) IS DISTINCT FROM (to_jsonb(NEW) -> k) THEN
            RAISE EXCEPTION '%.% names the row in the audit trail and cannot change: delete the row and insert another',
                TG_TABLE_NAME, k USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
    RETURN NEW;
END $$;

CREATE FUNCTION ct_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- An audited table's triggers, as its row in audit_tables says: the three audit triggers (insert only,
-- and no update or delete, when it only grows), its fixed key, and no TRUNCATE (which no statement
-- trigger could see row by row). A later migration that audits a table adds its row and calls this.
CREATE FUNCTION ct_audit_attach(tbl text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t audit_tables;
    keys text;
BEGIN
    SELECT * INTO STRICT t FROM audit_tables WHERE name = tbl;
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.name || '_audit_insert', t.name);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.name || '_audit_update', t.name);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.name || '_audit_delete', t.name);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ct_audit_rows()', t.name || '_audit_insert', t.name);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ct_append_only()',
                   t.name || '_audit_no_truncate', t.name);
    IF t.append_only THEN
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION ct_append_only()',
                       t.name || '_audit_append_only', t.name);
        RETURN;
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ct_audit_rows()', t.name || '_audit_update', t.name);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ct_audit_rows()', t.name || '_audit_delete', t.name);
    SELECT string_agg(quote_ident(k), ', ') INTO keys FROM unnest(t.key) AS k;
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OF %s ON %I FOR EACH ROW EXECUTE FUNCTION ct_audit_key_fixed(%s)',
                   t.name || '_audit_key', keys, t.name,
                   (SELECT string_agg(quote_literal(k), ', ') FROM unnest(t.key) AS k));
END $$;
SELECT ct_audit_attach(name) FROM audit_tables ORDER BY name;

-- Who may run what: the audit functions run only as the triggers of the audited tables (EXECUTE is
-- checked when a trigger is created, so nobody can attach them to a table of their own); the server
-- may name an actor and check the chain.
REVOKE EXECUTE ON FUNCTION ct_audit_rows(), ct_audit_attach(text), ct_audit_key_fixed(), ct_append_only(),
    audit_log_append_only(), location_events_append_only(), ct_audit_redact(jsonb, text[]), ct_actor_seal(text), ct_set_actor(text),
    ct_audit_actor_id(jsonb, jsonb), ct_audit_hash(text, timestamptz, text, text, text, jsonb, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ct_set_actor(text), ct_audit_hash(text, timestamptz, text, text, text, jsonb, jsonb, text)
    TO casetrail_server;

-- The chain's end, for `audit verify` (the server reads no part of the head's table itself).
CREATE FUNCTION ct_audit_head(OUT seq bigint, OUT hash text) LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
    SELECT seq, hash FROM audit_head
$$;
REVOKE EXECUTE ON FUNCTION ct_audit_head() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ct_audit_head() TO casetrail_server;

-- The order of notices (a reader resuming after notice N never misses a smaller one that commits later)
-- is held the same way: a row lock only the server's role can take, no longer an advisory lock.
CREATE TABLE notice_order (one boolean PRIMARY KEY DEFAULT true CHECK (one));
INSERT INTO notice_order DEFAULT VALUES;
CREATE FUNCTION ct_lock_notice_order() RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = public, pg_temp SET lock_timeout = '120s' AS $$
    SELECT FROM notice_order FOR UPDATE
$$;
REVOKE EXECUTE ON FUNCTION ct_lock_notice_order() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ct_lock_notice_order() TO casetrail_server;

-- The staged rows' statistics for the import's plan: ANALYZE is the owner's (as the server's role it
-- was skipped with a warning, and a large import planned nested loops).
CREATE FUNCTION ct_analyze_import_rows() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
BEGIN
    ANALYZE import_rows;
END $$;
REVOKE EXECUTE ON FUNCTION ct_analyze_import_rows() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ct_analyze_import_rows() TO casetrail_server;

-- Privileges, per table and per column, for exactly what each daemon's code does ---------------------

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, casetrail_server, casetrail_gateway;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, casetrail_server, casetrail_gateway;
-- A table of a later migration is nobody's until it says whose; a function is nobody's but its owner's.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM casetrail_server;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM casetrail_server;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
-- Only the owner creates objects here (PostgreSQL 15's default, said for older ones too).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The server reads all it shows and checks (not the trail's own tables, nor auth_events: written only).
GRANT SELECT ON sites, locations, readers, antennas, reader_health, units, staff, staff_roles, dossiers, volumes,
    tag_bindings, location_events, volume_locations, lifecycle_steps, dossier_transitions, deadlines, custody_periods,
    handovers, stocktakes, stocktake_expected, stocktake_batches, stocktake_scans, imports, import_rows, alerts,
    alert_notices, alert_deliveries, webhook_cursors, webhook_queue, audit_log, credentials, api_tokens, alert_rules,
    location_paths, rule_volumes TO casetrail_server;
-- What it registers and records: only the columns it fills (ids, times of recording and defaults are
-- the database's).
GRANT INSERT (code, name, kind, parent_id, parent_kind) ON units TO casetrail_server;
GRANT INSERT (unit_id, login, name) ON staff TO casetrail_server;
GRANT INSERT (staff_id, role) ON staff_roles TO casetrail_server;
GRANT INSERT (case_number, title, case_type, owning_unit_id, case_handler_id, home_location_id, status, registered_by,
              registered_at, status_since) ON dossiers TO casetrail_server;
GRANT INSERT (dossier_id, volume_no) ON volumes TO casetrail_server;
GRANT INSERT (epc, volume_id, valid_from, bound_by) ON tag_bindings TO casetrail_server;
GRANT INSERT (dossier_id, from_status, to_status, actor_id, note) ON dossier_transitions TO casetrail_server;
GRANT INSERT (dossier_id, kind, due_at, note, created_by) ON deadlines TO casetrail_server;
GRANT INSERT (dossier_id, holder_id, began_by, purpose, due_back, from_at, opened_by) ON custody_periods
    TO casetrail_server;
GRANT INSERT (dossier_id, from_id, to_id, initiated_at, confirm_by, note) ON handovers TO casetrail_server;
GRANT INSERT (scope_location_id, started_by, note) ON stocktakes TO casetrail_server;
GRANT INSERT (stocktake_id, volume_id, home_location_id) ON stocktake_expected TO casetrail_server;
GRANT INSERT (stocktake_id, batch_id, staff_id, scans) ON stocktake_batches TO casetrail_server;
GRANT INSERT (stocktake_id, batch_id, epc, location_id, scanned_at) ON stocktake_scans TO casetrail_server;
GRANT INSERT (started_by, source) ON imports TO casetrail_server;
GRANT INSERT ON import_rows TO casetrail_server;
GRANT INSERT (rule, subject_kind, subject_id, stage, dossier_id, reader_id, unit_id, summary, details, raised_at)
    ON alerts TO casetrail_server;
GRANT INSERT (alert_id, staff_id, kind, created_at) ON alert_notices TO casetrail_server;
GRANT INSERT (notice_id, channel, target, attempt, outcome, detail) ON alert_deliveries TO casetrail_server;
GRANT INSERT (webhook, last_notice_id) ON webhook_cursors TO casetrail_server;
GRANT INSERT (notice_id, webhook, next_attempt_at) ON webhook_queue TO casetrail_server;
GRANT INSERT (staff_id, password_hash, changed_at) ON credentials TO casetrail_server;
GRANT INSERT (token_hash, kind, staff_id, machine, label, created_at, created_by, expires_at) ON api_tokens
    TO casetrail_server;
GRANT INSERT (at, kind, login, actor_id, subject_id, token_id, remote, detail) ON auth_events TO casetrail_server;
GRANT INSERT (name) ON alert_rules TO casetrail_server;
-- What it changes: only the columns that record a later step. dossiers, volumes and tag_bindings keep
-- table-wide UPDATE because an import's commit locks them (LOCK TABLE ... SHARE ROW EXCLUSIVE needs it);
-- what changes there is audited all the same, and their keys are fixed.
GRANT UPDATE ON dossiers, volumes, tag_bindings TO casetrail_server;
GRANT UPDATE (met_at, met_by) ON deadlines TO casetrail_server;
GRANT UPDATE (to_at, closed_by, ended_by) ON custody_periods TO casetrail_server;
GRANT UPDATE (outcome, outcome_at, outcome_by) ON handovers TO casetrail_server;
GRANT UPDATE (finished_at, finished_by) ON stocktakes TO casetrail_server;
GRANT UPDATE (state, committed_at, dossiers_created, volumes_created, tags_bound) ON imports TO casetrail_server;
GRANT UPDATE (state, details, escalated_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, resolution,
              note) ON alerts TO casetrail_server;
GRANT UPDATE (last_notice_id) ON webhook_cursors TO casetrail_server;
GRANT UPDATE (attempts, state, next_attempt_at) ON webhook_queue TO casetrail_server;
GRANT UPDATE (password_hash, changed_at, failed_count, locked_until) ON credentials TO casetrail_server;
GRANT UPDATE (revoked_at, revoked_by) ON api_tokens TO casetrail_server;
-- Deletes: a person's roles are replaced (delete, insert; both audited), an import's staged rows go
-- when it commits. Nothing else is ever deleted.
GRANT DELETE ON staff_roles, import_rows TO casetrail_server;

-- The gateway: its readers and antennas, the tags' bindings and the current places, the events.
GRANT SELECT ON locations, readers, antennas, reader_health, tag_bindings, volume_locations, location_events
    TO casetrail_gateway;
GRANT INSERT (code, site_id, transport, address, unit_id) ON readers TO casetrail_gateway;
GRANT UPDATE (site_id, transport, address, unit_id, updated_at) ON readers TO casetrail_gateway;
GRANT INSERT (reader_id, port, location_id, role, portal) ON antennas TO casetrail_gateway;
GRANT UPDATE (location_id, role, portal) ON antennas TO casetrail_gateway;
GRANT INSERT, UPDATE ON reader_health TO casetrail_gateway;
GRANT INSERT, UPDATE ON volume_locations TO casetrail_gateway;
GRANT INSERT (event_id, kind, epc, volume_id, antenna_id, location_id, from_location_id, alt_antenna_id, alt_location_id,
              observed_at, evidence) ON location_events TO casetrail_gateway;
