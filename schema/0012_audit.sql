-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- The tamper-evident audit trail: every change of state of the register (lifecycle, dossiers, deadlines,
-- volumes and tag bindings), custody and handovers, stock-taking, a person's acknowledging or resolving of
-- an alert, and the configuration of units, staff and roles, written by triggers in the same
-- transaction as the change, with its actor, time, before and after. Each row's hash covers the previous
-- row's hash, so editing, deleting or reordering a row breaks the chain where it happened
-- (`casetrail audit verify` names the row). Append-only: no UPDATE, DELETE or TRUNCATE.

CREATE TABLE audit_log (
    seq        bigint PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text NOT NULL,   -- a staff login, or db:<role> for a change made outside the application
    action     text NOT NULL,   -- <table>.<insert|update|delete>
    subject    text NOT NULL,   -- <table>:<id>
    before     jsonb,
    after      jsonb,
    prev_hash  text NOT NULL,
    hash       text NOT NULL
);
CREATE INDEX audit_log_hash_idx ON audit_log (hash);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, seq);

CREATE FUNCTION ct_audit_hash(prev text, at timestamptz, actor text, action text, subject text, before jsonb, after jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(prev || '|' || ct_us(at) || '|' || actor || '|' || action || '|' || subject || '|'
                                    || coalesce(before::text, '-') || '|' || coalesce(after::text, '-'), 'UTF8')), 'hex')
$$;

-- Who made a change when the application does not name it (SET LOCAL casetrail.actor): the row's own
-- "by" column that the change filled; NULL: made outside the application (db:<role>).
CREATE FUNCTION ct_audit_actor_id(b jsonb, a jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(
            (a->>'actor_id')::bigint,
            CASE WHEN (a->'resolved_by') IS DISTINCT FROM (b->'resolved_by') THEN (a->>'resolved_by')::bigint END,
            CASE WHEN (a->'acknowledged_by') IS DISTINCT FROM (b->'acknowledged_by') THEN (a->>'acknowledged_by')::bigint END,
            CASE WHEN (a->'outcome_by') IS DISTINCT FROM (b->'outcome_by') THEN (a->>'outcome_by')::bigint END,
            CASE WHEN (a->'closed_by') IS DISTINCT FROM (b->'closed_by') THEN (a->>'closed_by')::bigint END,
            CASE WHEN (a->'unbound_by') IS DISTINCT FROM (b->'unbound_by') THEN (a->>'unbound_by')::bigint END,
            CASE WHEN (a->'met_by') IS DISTINCT FROM (b->'met_by') THEN (a->>'met_by')::bigint END,
            CASE WHEN (a->'finished_by') IS DISTINCT FROM (b->'finished_by') THEN (a->>'finished_by')::bigint END,
            CASE WHEN b IS NULL THEN coalesce((a->>'bound_by')::bigint, (a->>'opened_by')::bigint, (a->>'started_by')::bigint,
                                              (a->>'created_by')::bigint, (a->>'registered_by')::bigint) END)
$$;

-- One statement's changed rows, chained one by one under a lock held to commit: rows are in commit order.
CREATE FUNCTION ct_audit_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    last_seq bigint;
    last_hash text;
    t timestamptz := clock_timestamp();
    t_us text;
    act text := TG_TABLE_NAME || '.' || lower(TG_OP);
    named text := nullif(current_setting('casetrail.actor', true), '');
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
BEGIN
    t_us := ct_us(t)::text;
    FOR r IN EXECUTE CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT NULL::jsonb AS b, to_jsonb(n) AS a FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT to_jsonb(o) AS b, NULL::jsonb AS a FROM old_rows o'
        ELSE 'SELECT b, a FROM (SELECT to_jsonb(o) AS b, to_jsonb(n) AS a FROM old_rows o JOIN new_rows n ON n.'
             || quote_ident(TG_ARGV[0]) || ' = o.' || quote_ident(TG_ARGV[0]) || ') x WHERE b <> a' END
    LOOP
        -- The lock (held to commit) only once there is something to write: a statement that changed
        -- nothing must not hold up the others.
        IF last_seq IS NULL THEN
            PERFORM pg_advisory_xact_lock(72616402);
            SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
            last_seq := coalesce(last_seq, 0);
            last_hash := coalesce(last_hash, repeat('0', 64));
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
        subj := TG_TABLE_NAME || ':' || (coalesce(r.a, r.b) ->> TG_ARGV[0]);
        last_seq := last_seq + 1;
        seqs := seqs || last_seq;
        actors := actors || who;
        subjects := subjects || subj;
        befores := befores || r.b;
        afters := afters || r.a;
        prevs := prevs || last_hash;
        -- ct_audit_hash, inlined: this loop runs once per changed row (100,000 for an import).
        last_hash := encode(sha256(convert_to(last_hash || '|' || t_us || '|' || who || '|' || act || '|' || subj || '|'
                                              || coalesce(r.b::text, '-') || '|' || coalesce(r.a::text, '-'), 'UTF8')), 'hex');
        hashes := hashes || last_hash;
    END LOOP;
    -- One insert for the statement's rows.
    INSERT INTO audit_log (seq, at, actor, action, subject, before, after, prev_hash, hash)
    SELECT s, t, w, act, sb, b, a, p, h FROM unnest(seqs, actors, subjects, befores, afters, prevs, hashes) AS x(s, w, sb, b, a, p, h);
    RETURN NULL;
END $$;

-- The audited tables: insert and update (and delete where rows can go); the argument names the key.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('units', 'id', true, true, false), ('staff', 'id', true, true, false), ('staff_roles', 'staff_id', true, false, true),
        ('dossiers', 'id', true, true, false), ('dossier_transitions', 'id', true, false, false),
        ('deadlines', 'id', true, true, false), ('volumes', 'id', true, true, false),
        ('tag_bindings', 'id', true, true, false), ('custody_periods', 'id', true, true, false),
        ('handovers', 'id', true, true, false), ('stocktakes', 'id', true, true, false),
        ('stocktake_batches', 'batch_id', true, false, false),
        ('sites', 'id', true, true, false), ('readers', 'id', true, true, false), ('antennas', 'id', true, true, false))
        AS v(name, key, ins, upd, del)
    LOOP
        IF t.ins THEN
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                           'FOR EACH STATEMENT EXECUTE FUNCTION ct_audit_rows(%L)', t.name || '_audit_insert', t.name, t.key);
        END IF;
        IF t.upd THEN
            EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                           'FOR EACH STATEMENT EXECUTE FUNCTION ct_audit_rows(%L)', t.name || '_audit_update', t.name, t.key);
        END IF;
        IF t.del THEN
            EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                           'FOR EACH STATEMENT EXECUTE FUNCTION ct_audit_rows(%L)', t.name || '_audit_delete', t.name, t.key);
        END IF;
    END LOOP;
END $$;

-- An alert's changes by the rules themselves are in its own history; a person's acknowledging or
-- resolving is audited, a row at a time (a row trigger on those columns only, so that the rules' bulk
-- updates of alerts cost nothing here).
CREATE FUNCTION ct_audit_alert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    b jsonb := to_jsonb(OLD);
    a jsonb := to_jsonb(NEW);
    t timestamptz := clock_timestamp();
    subj text := 'alerts:' || NEW.id;
    who text;
    last_seq bigint;
    last_hash text;
BEGIN
    who := coalesce(nullif(current_setting('casetrail.actor', true), ''),
                    (SELECT login FROM staff WHERE id = ct_audit_actor_id(b, a)), 'db:' || session_user);
    PERFORM pg_advisory_xact_lock(72616402);
    SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
    last_seq := coalesce(last_seq, 0) + 1;
    last_hash := coalesce(last_hash, repeat('0', 64));
    INSERT INTO audit_log VALUES (last_seq, t, who, 'alerts.update', subj, b, a, last_hash,
                                  ct_audit_hash(last_hash, t, who, 'alerts.update', subj, b, a));
    RETURN NULL;
END $$;
CREATE TRIGGER alerts_audit_update AFTER UPDATE OF acknowledged_by, resolved_by ON alerts FOR EACH ROW
    WHEN (OLD.acknowledged_by IS DISTINCT FROM NEW.acknowledged_by OR OLD.resolved_by IS DISTINCT FROM NEW.resolved_by)
    EXECUTE FUNCTION ct_audit_alert();

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
