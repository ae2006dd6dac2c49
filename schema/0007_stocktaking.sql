-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Stock-taking: a session over a scope (a room, a cabinet or a shelf) freezes the list of volumes that
-- belong there when it starts; reads come from the fixed readers (the location trail) and from handheld
-- scanners, uploaded in batches whose id makes a re-upload harmless.

-- A place and everything under it.
CREATE FUNCTION ct_location_subtree(scope bigint) RETURNS TABLE (location_id bigint) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE sub (id) AS (
        SELECT scope
        UNION ALL
        SELECT l.id FROM locations l JOIN sub ON l.parent_id = sub.id
    )
    SELECT id FROM sub
$$;

CREATE TABLE stocktakes (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope_location_id  bigint NOT NULL REFERENCES locations (id),
    started_by         bigint NOT NULL REFERENCES staff (id),
    started_at         timestamptz NOT NULL DEFAULT now(),
    finished_at        timestamptz,
    finished_by        bigint REFERENCES staff (id),
    note               text CHECK (length(note) <= 2000),
    CHECK ((finished_at IS NULL) = (finished_by IS NULL)),
    CHECK (finished_at IS NULL OR finished_at >= started_at)
);
-- One open session per scope at a time.
CREATE UNIQUE INDEX stocktakes_open_scope_idx ON stocktakes (scope_location_id) WHERE finished_at IS NULL;

-- Frozen at the start: every volume whose dossier's home lies in the scope.
CREATE TABLE stocktake_expected (
    stocktake_id      bigint NOT NULL REFERENCES stocktakes (id),
    volume_id         bigint NOT NULL REFERENCES volumes (id),
    home_location_id  bigint NOT NULL REFERENCES locations (id),
    PRIMARY KEY (stocktake_id, volume_id)
);

CREATE TABLE stocktake_batches (
    stocktake_id  bigint NOT NULL REFERENCES stocktakes (id),
    batch_id      text NOT NULL CHECK (batch_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
    staff_id      bigint NOT NULL REFERENCES staff (id),
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    scans         integer NOT NULL CHECK (scans >= 0),
    PRIMARY KEY (stocktake_id, batch_id)
);

CREATE TABLE stocktake_scans (
    stocktake_id  bigint NOT NULL,
    batch_id      text NOT NULL,
    epc           text NOT NULL CHECK (epc ~ '^([0-9A-F]{4}){1,16}$'),
    location_id   bigint NOT NULL REFERENCES locations (id),
    scanned_at    timestamptz NOT NULL,
    FOREIGN KEY (stocktake_id, batch_id) REFERENCES stocktake_batches (stocktake_id, batch_id)
);
CREATE INDEX stocktake_scans_idx ON stocktake_scans (stocktake_id, epc);
