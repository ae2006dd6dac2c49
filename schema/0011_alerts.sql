-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Rules and alerts. The rules module raises an alert when a condition holds (a deadline near or passed,
-- a volume misplaced, out without a handover, lost; custody overdue, a handover unconfirmed, a reader
-- offline), one open alert per rule and subject; it is acknowledged, then resolved (by itself when the
-- condition clears, or by hand). Each alert reaches people as notices (raised, escalated, resolved):
-- a notice's id orders one person's stream, so that a client can resume after the last one it saw.

-- Reader alerts go to the admins of the unit that runs the site (NULL: every admin).
ALTER TABLE sites ADD COLUMN unit_id bigint REFERENCES units (id);

CREATE TABLE alerts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule             text NOT NULL CHECK (rule IN ('deadline', 'misplaced', 'out_without_handover', 'lost',
                                                   'custody_overdue', 'handover_unconfirmed', 'reader_offline')),
    subject_kind     text NOT NULL CHECK (subject_kind IN ('deadline', 'volume', 'custody', 'handover', 'reader')),
    subject_id       bigint NOT NULL,
    -- deadline: '7d', '3d', '1d' (the lead time reached) or 'passed'; out_without_handover: 'passed_out'
    -- or 'not_seen'; empty for the others.
    stage            text NOT NULL DEFAULT '',
    dossier_id       bigint REFERENCES dossiers (id),
    reader_id        bigint REFERENCES readers (id),
    unit_id          bigint REFERENCES units (id),  -- whose supervisors an escalation reaches
    summary          text NOT NULL,
    details          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
    state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
    raised_at        timestamptz NOT NULL,
    escalated_at     timestamptz,
    acknowledged_at  timestamptz,
    acknowledged_by  bigint REFERENCES staff (id),
    resolved_at      timestamptz,
    resolved_by      bigint REFERENCES staff (id),  -- NULL: cleared by itself, or superseded
    resolution       text CHECK (resolution IN ('cleared', 'by_hand', 'superseded')),
    note             text CHECK (length(note) <= 2000),
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
    CHECK ((state = 'resolved') = (resolved_at IS NOT NULL) AND (resolved_at IS NULL) = (resolution IS NULL)),
    CHECK ((resolution = 'by_hand') = (resolved_by IS NOT NULL)),
    CHECK (state <> 'acknowledged' OR acknowledged_at IS NOT NULL),
    CHECK ((subject_kind = 'reader') = (reader_id IS NOT NULL))
);
-- No floods: one alert per rule and subject until it is resolved.
CREATE UNIQUE INDEX alerts_one_open_idx ON alerts (rule, subject_kind, subject_id) WHERE state <> 'resolved';
-- Once each: a deadline's stages, a custody period's overdue, a handover's lapse never come twice, also
-- across restarts.
CREATE UNIQUE INDEX alerts_once_idx ON alerts (rule, subject_kind, subject_id, stage)
    WHERE rule IN ('deadline', 'custody_overdue', 'handover_unconfirmed');
CREATE INDEX alerts_active_idx ON alerts (raised_at) WHERE state <> 'resolved';
CREATE INDEX alerts_dossier_idx ON alerts (dossier_id);

CREATE TABLE alert_notices (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id    bigint NOT NULL REFERENCES alerts (id),
    staff_id    bigint NOT NULL REFERENCES staff (id),
    kind        text NOT NULL CHECK (kind IN ('raised', 'escalated', 'resolved')),
    created_at  timestamptz NOT NULL,
    UNIQUE (alert_id, staff_id, kind)
);
CREATE INDEX alert_notices_staff_idx ON alert_notices (staff_id, id);

-- Every attempt to deliver a notice, on every channel.
CREATE TABLE alert_deliveries (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id  bigint NOT NULL REFERENCES alert_notices (id),
    channel    text NOT NULL CHECK (channel IN ('websocket', 'webhook')),
    target     text NOT NULL,
    attempt    integer NOT NULL CHECK (attempt >= 1),
    outcome    text NOT NULL CHECK (outcome IN ('sent', 'failed', 'gave_up')),
    detail     text,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_deliveries_notice_idx ON alert_deliveries (notice_id);

-- Webhook deliveries still to make; a notice is queued for every configured webhook exactly once (the
-- cursor), and stays until delivered or given up.
CREATE TABLE webhook_cursors (
    webhook         text PRIMARY KEY,
    last_notice_id  bigint NOT NULL
);
CREATE TABLE webhook_queue (
    notice_id        bigint NOT NULL REFERENCES alert_notices (id),
    webhook          text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    PRIMARY KEY (notice_id, webhook)
);
CREATE INDEX webhook_queue_due_idx ON webhook_queue (next_attempt_at) WHERE state = 'pending';

-- The supervisors an escalation reaches: those of the unit, else of the nearest unit above that has any.
CREATE FUNCTION ct_unit_supervisors(unit bigint) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (id, depth) AS (
        SELECT unit, 0
        UNION ALL
        SELECT u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL
    ), sup AS (
        SELECT s.id, up.depth FROM up JOIN staff s ON s.unit_id = up.id AND s.active
        JOIN staff_roles r ON r.staff_id = s.id AND r.role = 'supervisor'
    )
    SELECT id FROM sup WHERE depth = (SELECT min(depth) FROM sup)
$$;

-- Who an alert is for: the holder for custody rules, the giver of an unconfirmed handover, the admins for
-- a reader, else the dossier's case handler (its unit's supervisors when it has none).
CREATE FUNCTION ct_alert_recipients(a alerts) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    SELECT c.holder_id FROM custody_periods c WHERE a.subject_kind = 'custody' AND c.id = a.subject_id
    UNION
    SELECT h.from_id FROM handovers h WHERE a.subject_kind = 'handover' AND h.id = a.subject_id
    UNION
    SELECT s.id FROM staff s JOIN staff_roles r ON r.staff_id = s.id AND r.role = 'admin'
    WHERE a.subject_kind = 'reader' AND s.active AND (a.unit_id IS NULL OR s.unit_id = a.unit_id)
    UNION
    SELECT d.case_handler_id FROM dossiers d
    WHERE a.subject_kind IN ('deadline', 'volume') AND d.id = a.dossier_id AND d.case_handler_id IS NOT NULL
    UNION
    SELECT ct_unit_supervisors(d.owning_unit_id) FROM dossiers d
    WHERE a.subject_kind IN ('deadline', 'volume') AND d.id = a.dossier_id AND d.case_handler_id IS NULL
$$;

-- Volumes not in anyone's custody: no open custody period and no handover in flight for the dossier.
CREATE VIEW rule_volumes AS
SELECT v.id AS volume_id, v.volume_no, d.id AS dossier_id, d.case_number, d.owning_unit_id, d.home_location_id,
       vl.state, vl.location_id, vl.antenna_id, vl.since
FROM volume_locations vl
JOIN volumes v ON v.id = vl.volume_id
JOIN dossiers d ON d.id = v.dossier_id
WHERE d.status NOT IN ('closed')
  AND NOT EXISTS (SELECT 1 FROM custody_periods c WHERE c.dossier_id = d.id AND c.to_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.dossier_id = d.id AND h.outcome IS NULL);

-- Whether the reader that covers an antenna can vouch for what it (does not) see: it is online.
CREATE FUNCTION ct_antenna_verifiable(antenna bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT h.state = 'online' FROM antennas a JOIN reader_health h ON h.reader_id = a.reader_id
                     WHERE a.id = antenna), false)
$$;

-- Times inside alert details, as people and the API read them.
CREATE FUNCTION ct_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- The sweep's index ranges: volumes away (absent, ambiguous, out) for "not seen" and "lost"; present ones
-- by the time they came to their place, for the grace time of "misplaced". Both change only when a
-- volume changes state or place, not on every observation.
CREATE INDEX volume_locations_away_idx ON volume_locations (state) WHERE state <> 'present';
CREATE INDEX volume_locations_present_since_idx ON volume_locations (since) WHERE state = 'present';
CREATE INDEX deadlines_met_idx ON deadlines (met_at) WHERE met_at IS NOT NULL;
-- A subject's alerts of any state: an alert resolved by hand is not raised again while nothing changed.
CREATE INDEX alerts_subject_idx ON alerts (subject_kind, subject_id);
