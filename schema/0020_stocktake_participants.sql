-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Who takes part in a stock-taking (docs/security.md, "Stock-taking"): only they upload handheld batches
-- to it, besides supervisors and admins, who may upload to any. Its starter always; others named at the
-- start, or added later by the starter, a supervisor or an admin. Nobody leaves a session (the batches
-- they uploaded stay theirs), so the table only grows: a check that someone takes part holds until the
-- session ends.
CREATE TABLE stocktake_participants (
    stocktake_id  bigint NOT NULL REFERENCES stocktakes (id),
    staff_id      bigint NOT NULL REFERENCES staff (id),
    added_by      bigint NOT NULL REFERENCES staff (id),
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stocktake_id, staff_id)
);

-- Audited and append-only, with the triggers 0017 gives every such table (ct_audit_attach).
INSERT INTO audit_tables (name, key, redact, append_only)
VALUES ('stocktake_participants', '{stocktake_id,staff_id}', '{}', true);
SELECT ct_audit_attach('stocktake_participants');

-- The sessions begun before: their starter takes part (since the start), and nobody else; anyone else
-- who is to go on scanning into an open one is added through the API (a supervisor or admin needs not).
-- After the triggers, so that the trail has these rows too (as the migration's, db:<owner>).
INSERT INTO stocktake_participants (stocktake_id, staff_id, added_by, added_at)
SELECT id, started_by, started_by, started_at FROM stocktakes;

-- The server reads who takes part and adds them; nothing changes or removes a row.
GRANT SELECT ON stocktake_participants TO casetrail_server;
GRANT INSERT (stocktake_id, staff_id, added_by) ON stocktake_participants TO casetrail_server;
