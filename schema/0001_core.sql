-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Casetrail core schema: the archive's places, its readers, the dossier register with volumes and tag
-- bindings, and the location trail. Constraints here guard the domain's invariants; the code relies on them.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Places ------------------------------------------------------------------------------------------------

CREATE TABLE sites (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name       text NOT NULL CHECK (length(btrim(name)) > 0),
    time_zone  text NOT NULL DEFAULT 'UTC'
);

-- A tree inside one site: room > cabinet > shelf. The kind of each node's parent is held beside the
-- parent's id so that a composite foreign key can check the tree's shape without triggers.
CREATE TABLE locations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id      bigint NOT NULL REFERENCES sites (id),
    parent_id    bigint,
    parent_kind  text,
    kind         text NOT NULL CHECK (kind IN ('room', 'cabinet', 'shelf')),
    code         text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name         text NOT NULL CHECK (length(btrim(name)) > 0),
    UNIQUE (id, site_id, kind),
    FOREIGN KEY (parent_id, site_id, parent_kind) REFERENCES locations (id, site_id, kind),
    CHECK ((kind = 'room' AND parent_id IS NULL AND parent_kind IS NULL)
        OR (kind = 'cabinet' AND parent_id IS NOT NULL AND parent_kind = 'room')
        OR (kind = 'shelf' AND parent_id IS NOT NULL AND parent_kind = 'cabinet')),
    UNIQUE (parent_id, name)
);
CREATE INDEX locations_parent_idx ON locations (parent_id);

-- Each location with the names of the places above it, for answers such as "Central Archive / Room 1 /
-- Cabinet 2 / Shelf 3".
CREATE VIEW location_paths AS
WITH RECURSIVE up (location_id, node_id, kind, name, parent_id) AS (
    SELECT l.id, l.id, l.kind, l.name, l.parent_id FROM locations l
    UNION ALL
    SELECT up.location_id, p.id, p.kind, p.name, p.parent_id
    FROM up JOIN locations p ON p.id = up.parent_id
)
SELECT l.id AS location_id,
       l.code,
       l.kind,
       s.code AS site_code,
       s.name AS site_name,
       max(up.name) FILTER (WHERE up.kind = 'room') AS room_name,
       max(up.name) FILTER (WHERE up.kind = 'cabinet') AS cabinet_name,
       max(up.name) FILTER (WHERE up.kind = 'shelf') AS shelf_name
FROM locations l
JOIN sites s ON s.id = l.site_id
JOIN up ON up.location_id = l.id
GROUP BY l.id, l.code, l.kind, s.code, s.name;

-- Readers ------------------------------------------------------------------------------------------------

CREATE TABLE readers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    site_id     bigint NOT NULL REFERENCES sites (id),
    transport   text NOT NULL CHECK (transport IN ('tcp', 'rtu')),
    address     text NOT NULL,
    unit_id     integer NOT NULL CHECK (unit_id BETWEEN 0 AND 255),
    serial      text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE antennas (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reader_id    bigint NOT NULL REFERENCES readers (id),
    port         integer NOT NULL CHECK (port BETWEEN 1 AND 32),
    location_id  bigint NOT NULL REFERENCES locations (id),
    UNIQUE (reader_id, port)
);

-- People (the register issue fleshes these out) -------------------------------------------------------

CREATE TABLE units (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id  bigint REFERENCES units (id),
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name       text NOT NULL CHECK (length(btrim(name)) > 0),
    CHECK (parent_id IS DISTINCT FROM id)
);

CREATE TABLE staff (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id   bigint NOT NULL REFERENCES units (id),
    login     text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    name      text NOT NULL CHECK (length(btrim(name)) > 0),
    active    boolean NOT NULL DEFAULT true
);

-- Dossiers, volumes, tags ------------------------------------------------------------------------------

CREATE TABLE dossiers (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_number       text NOT NULL UNIQUE
                      CHECK (length(case_number) BETWEEN 1 AND 64 AND case_number !~ '[[:cntrl:]]'
                             AND case_number = btrim(case_number)),
    title             text NOT NULL CHECK (length(btrim(title)) > 0),
    owning_unit_id    bigint NOT NULL REFERENCES units (id),
    case_handler_id   bigint REFERENCES staff (id),
    home_location_id  bigint REFERENCES locations (id),
    status            text NOT NULL DEFAULT 'registered'
                      CHECK (status IN ('registered', 'in_handling', 'in_legal_review', 'archived', 'closed')),
    registered_at     timestamptz NOT NULL DEFAULT now()
);

-- A dossier is kept in one or more physical volumes; each volume carries its own tag.
CREATE TABLE volumes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id  bigint NOT NULL REFERENCES dossiers (id),
    volume_no   integer NOT NULL CHECK (volume_no >= 1),
    UNIQUE (dossier_id, volume_no)
);

-- Which EPC belongs to which volume, and when. Bindings are closed (valid_to), never deleted, so that a
-- re-used tag or a re-tagged volume keeps its history; the exclusion constraints make sure an EPC is on
-- at most one volume, and a volume has at most one EPC, at any moment.
CREATE TABLE tag_bindings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    epc         text NOT NULL CHECK (epc ~ '^([0-9A-F]{4}){1,16}$'),
    volume_id   bigint NOT NULL REFERENCES volumes (id),
    valid_from  timestamptz NOT NULL DEFAULT now(),
    valid_to    timestamptz,
    CHECK (valid_to IS NULL OR valid_to > valid_from),
    EXCLUDE USING gist (epc WITH =, tstzrange(valid_from, valid_to) WITH &&),
    EXCLUDE USING gist (volume_id WITH =, tstzrange(valid_from, valid_to) WITH &&)
);
CREATE INDEX tag_bindings_volume_idx ON tag_bindings (volume_id);

-- The location trail ----------------------------------------------------------------------------------

-- One row per location event the gateway derived from reads. Append-only (see the trigger below).
-- location_id is where the volume arrived (arrived, moved) or the place it left (departed).
CREATE TABLE location_events (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('arrived', 'moved', 'departed')),
    epc               text NOT NULL CHECK (epc ~ '^([0-9A-F]{4}){1,16}$'),
    volume_id         bigint REFERENCES volumes (id),  -- NULL: the tag was bound to no volume then
    antenna_id        bigint NOT NULL REFERENCES antennas (id),
    location_id       bigint NOT NULL REFERENCES locations (id),
    from_location_id  bigint REFERENCES locations (id),
    observed_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    evidence          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(evidence) = 'object'),
    CHECK ((kind = 'moved') = (from_location_id IS NOT NULL))
);
CREATE INDEX location_events_volume_idx ON location_events (volume_id, observed_at DESC, id DESC);
CREATE INDEX location_events_epc_idx ON location_events (epc, observed_at DESC);

CREATE FUNCTION location_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'location_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER location_events_no_update BEFORE UPDATE OR DELETE ON location_events
    FOR EACH ROW EXECUTE FUNCTION location_events_append_only();
CREATE TRIGGER location_events_no_truncate BEFORE TRUNCATE ON location_events
    FOR EACH STATEMENT EXECUTE FUNCTION location_events_append_only();

-- Where each volume is now: derived from the newest observation, never from the newest arrival, so a
-- late event cannot move a volume back in time.
CREATE TABLE volume_locations (
    volume_id     bigint PRIMARY KEY REFERENCES volumes (id),
    state         text NOT NULL CHECK (state IN ('present', 'absent')),
    location_id   bigint NOT NULL REFERENCES locations (id),  -- present: here; absent: last seen here
    antenna_id    bigint NOT NULL REFERENCES antennas (id),
    since         timestamptz NOT NULL,  -- when it came to this state and place
    observed_at   timestamptz NOT NULL,  -- the newest observation applied here
    event_id      bigint NOT NULL REFERENCES location_events (id)
);
CREATE INDEX volume_locations_location_idx ON volume_locations (location_id);
