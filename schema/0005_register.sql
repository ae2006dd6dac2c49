-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- The dossier register: the unit tree and staff roles, case types and the lifecycle (allowed transitions
-- as data, every transition recorded), deadlines, who bound which tag, and custody: check-outs, the
-- two-step handover, and the chain of holders. Constraints keep the invariants: one holder at a time, one
-- open handover per dossier, no transition that is not a lifecycle step.

-- Units: bureau > station > team (a team may also sit directly under a bureau). The parent's kind is kept
-- beside its id so that a composite foreign key checks the tree's shape, as for locations.
ALTER TABLE units ADD COLUMN kind text;
ALTER TABLE units ADD COLUMN parent_kind text;
UPDATE units SET kind = CASE WHEN parent_id IS NULL THEN 'bureau' ELSE 'team' END;
UPDATE units u SET parent_kind = p.kind FROM units p WHERE p.id = u.parent_id;
ALTER TABLE units ALTER COLUMN kind SET NOT NULL;
ALTER TABLE units ADD CONSTRAINT units_kind_check CHECK (kind IN ('bureau', 'station', 'team'));
ALTER TABLE units ADD CONSTRAINT units_id_kind_key UNIQUE (id, kind);
ALTER TABLE units ADD CONSTRAINT units_parent_kind_fkey FOREIGN KEY (parent_id, parent_kind) REFERENCES units (id, kind);
-- (IS NOT DISTINCT FROM, not =: a NULL must make the check false, not unknown, which a CHECK lets pass.)
ALTER TABLE units ADD CONSTRAINT units_shape CHECK (
       (kind = 'bureau' AND parent_id IS NULL AND parent_kind IS NULL)
    OR (kind = 'station' AND parent_id IS NOT NULL AND parent_kind IS NOT DISTINCT FROM 'bureau')
    OR (kind = 'team' AND parent_id IS NOT NULL
        AND (parent_kind IS NOT DISTINCT FROM 'bureau' OR parent_kind IS NOT DISTINCT FROM 'station')));
ALTER TABLE units ADD CONSTRAINT units_name_length CHECK (length(name) <= 200);

-- Roles are data; what each may do is enforced by the security issue.
CREATE TABLE staff_roles (
    staff_id  bigint NOT NULL REFERENCES staff (id),
    role      text NOT NULL CHECK (role IN ('clerk', 'case_handler', 'legal_officer', 'supervisor', 'admin')),
    PRIMARY KEY (staff_id, role)
);
CREATE INDEX staff_unit_idx ON staff (unit_id);

-- Dossiers --------------------------------------------------------------------------------------------

ALTER TABLE dossiers ADD COLUMN case_type text NOT NULL DEFAULT 'general'
    CHECK (case_type ~ '^[a-z][a-z0-9_-]{0,31}$');
ALTER TABLE dossiers ADD COLUMN registered_by bigint REFERENCES staff (id);  -- NULL: before this migration
ALTER TABLE dossiers ADD COLUMN status_since timestamptz;
UPDATE dossiers SET status_since = registered_at;
ALTER TABLE dossiers ALTER COLUMN status_since SET NOT NULL;
ALTER TABLE dossiers ALTER COLUMN status_since SET DEFAULT now();
ALTER TABLE dossiers ADD CONSTRAINT dossiers_title_length CHECK (length(title) <= 500);
CREATE INDEX dossiers_unit_idx ON dossiers (owning_unit_id);
CREATE INDEX dossiers_handler_idx ON dossiers (case_handler_id);

-- The lifecycle as data: the steps a dossier may take.
CREATE TABLE lifecycle_steps (
    from_status  text NOT NULL,
    to_status    text NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO lifecycle_steps VALUES
    ('registered', 'in_handling'),
    ('in_handling', 'in_legal_review'),
    ('in_legal_review', 'in_handling'),  -- sent back for more work
    ('in_legal_review', 'archived'),
    ('archived', 'closed');

CREATE TABLE dossier_transitions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id   bigint NOT NULL REFERENCES dossiers (id),
    from_status  text NOT NULL,
    to_status    text NOT NULL,
    actor_id     bigint NOT NULL REFERENCES staff (id),
    at           timestamptz NOT NULL DEFAULT now(),
    note         text CHECK (length(note) <= 2000),
    FOREIGN KEY (from_status, to_status) REFERENCES lifecycle_steps (from_status, to_status)
);
CREATE INDEX dossier_transitions_dossier_idx ON dossier_transitions (dossier_id, at);

-- Several deadlines per dossier, each of a kind (handling, review, return, ...).
CREATE TABLE deadlines (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id  bigint NOT NULL REFERENCES dossiers (id),
    kind        text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,31}$'),
    due_at      timestamptz NOT NULL,
    note        text CHECK (length(note) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  bigint REFERENCES staff (id),
    met_at      timestamptz,
    met_by      bigint REFERENCES staff (id),
    CHECK ((met_at IS NULL) = (met_by IS NULL)),
    UNIQUE (dossier_id, kind, due_at)
);
CREATE INDEX deadlines_open_due_idx ON deadlines (due_at) WHERE met_at IS NULL;

-- Who bound and unbound each tag.
ALTER TABLE tag_bindings ADD COLUMN bound_by bigint REFERENCES staff (id);
ALTER TABLE tag_bindings ADD COLUMN unbound_by bigint REFERENCES staff (id);

-- Custody -------------------------------------------------------------------------------------------

-- Each period during which a person held the dossier: from a check-out or a confirmed handover until a
-- check-in or the next confirmed handover. No row open: it is in the archive. One holder at a time.
CREATE TABLE custody_periods (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id  bigint NOT NULL REFERENCES dossiers (id),
    holder_id   bigint NOT NULL REFERENCES staff (id),
    began_by    text NOT NULL CHECK (began_by IN ('checkout', 'handover')),
    purpose     text CHECK (length(purpose) <= 500),
    due_back    timestamptz,
    from_at     timestamptz NOT NULL,
    to_at       timestamptz,
    opened_by   bigint NOT NULL REFERENCES staff (id),
    closed_by   bigint REFERENCES staff (id),
    ended_by    text CHECK (ended_by IN ('checkin', 'handover')),
    CHECK (to_at IS NULL OR to_at >= from_at),
    CHECK ((to_at IS NULL) = (ended_by IS NULL) AND (to_at IS NULL) = (closed_by IS NULL)),
    EXCLUDE USING gist (dossier_id WITH =, tstzrange(from_at, to_at, '[)') WITH &&)
);
CREATE UNIQUE INDEX custody_periods_open_idx ON custody_periods (dossier_id) WHERE to_at IS NULL;
CREATE INDEX custody_periods_holder_idx ON custody_periods (holder_id) WHERE to_at IS NULL;

-- The two-step handover: A initiates, B confirms; until then A stays responsible and the dossier is in
-- transit. Not confirmed by `confirm_by`: recorded as expired (the alerts issue turns it into an alert).
CREATE TABLE handovers (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id    bigint NOT NULL REFERENCES dossiers (id),
    from_id       bigint NOT NULL REFERENCES staff (id),
    to_id         bigint NOT NULL REFERENCES staff (id),
    initiated_at  timestamptz NOT NULL,
    confirm_by    timestamptz NOT NULL,
    note          text CHECK (length(note) <= 2000),
    outcome       text CHECK (outcome IN ('confirmed', 'cancelled', 'expired')),
    outcome_at    timestamptz,
    outcome_by    bigint REFERENCES staff (id),  -- NULL for expired
    CHECK (from_id <> to_id),
    CHECK (confirm_by > initiated_at),
    CHECK ((outcome IS NULL) = (outcome_at IS NULL)),
    CHECK ((outcome = 'expired') = (outcome IS NOT NULL AND outcome_by IS NULL))
);
CREATE UNIQUE INDEX handovers_open_idx ON handovers (dossier_id) WHERE outcome IS NULL;
CREATE INDEX handovers_due_idx ON handovers (confirm_by) WHERE outcome IS NULL;

-- Times cross the wire as microseconds since the epoch.
CREATE FUNCTION ct_us(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;
CREATE FUNCTION ct_from_us(us bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT 'epoch'::timestamptz + us * interval '1 microsecond' $$;
