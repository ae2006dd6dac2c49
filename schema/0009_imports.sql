-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Bulk import of dossiers, volumes and tag bindings from a file: the client stages the rows (with their
-- line numbers) in an import, the server checks them all at once and reports every problem by line, and
-- a commit applies them in one transaction: all or nothing. What exists already, identical, is skipped,
-- so importing the same file again changes nothing.

CREATE TABLE imports (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_by        bigint NOT NULL REFERENCES staff (id),
    started_at        timestamptz NOT NULL DEFAULT now(),
    source            text CHECK (length(source) <= 500),
    state             text NOT NULL DEFAULT 'staging' CHECK (state IN ('staging', 'committed')),
    committed_at      timestamptz,
    dossiers_created  integer,
    volumes_created   integer,
    tags_bound        integer,
    CHECK ((state = 'committed') = (committed_at IS NOT NULL))
);

-- Staged rows are scratch: unlogged (fast), and worthless once committed.
CREATE UNLOGGED TABLE import_rows (
    import_id    bigint NOT NULL REFERENCES imports (id),
    line         integer NOT NULL CHECK (line >= 1),
    case_number  text,
    title        text,
    case_type    text,
    unit         text,
    handler      text,
    home         text,
    volume       integer,
    epc          text,
    PRIMARY KEY (import_id, line)
);
CREATE INDEX import_rows_case_idx ON import_rows (import_id, case_number);
CREATE INDEX import_rows_epc_idx ON import_rows (import_id, upper(epc));
