-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Wrong passwords counted per login and address, and per login alone (issue #25). Until now a login was
-- locked for everyone after a few wrong passwords in a row from anywhere: whoever knew a login could keep
-- its owner out. Now a few in a row lock only the address they came from out of that login
-- (login_failures); the login itself is locked for everyone only after many more within a window, from
-- any address (credentials), and an admin can lift either ('unlocked' in the trail of logins).

-- A login and an address: wrong passwords in a row (a right one from the address, a password set, an
-- unlock or a pause of the lockout's length clear them), and that address's lock. The server forgets rows
-- that neither lock nor count any more. Not audited: the trail of logins records every failure and lock.
CREATE TABLE login_failures (
    staff_id       bigint NOT NULL REFERENCES staff (id),
    remote         text NOT NULL CHECK (length(remote) <= 100),
    failed_count   integer NOT NULL CHECK (failed_count >= 0),
    last_failed_at timestamptz NOT NULL,
    locked_until   timestamptz,
    PRIMARY KEY (staff_id, remote)
);

-- From here on credentials.failed_count counts wrong passwords from any address since failures_since (a
-- window of auth.login_window_s, not "in a row": a right password does not clear it), and
-- credentials.locked_until locks the login for every address. A count without a window start (as 0014
-- left them) is taken as none.
ALTER TABLE credentials ADD COLUMN failures_since timestamptz;

ALTER TABLE auth_events DROP CONSTRAINT auth_events_kind_check;
ALTER TABLE auth_events ADD CONSTRAINT auth_events_kind_check
    CHECK (kind IN ('login', 'login_refused', 'locked_out', 'logout', 'password_set', 'token_issued',
                    'token_revoked', 'unlocked'));

-- The server's, column by column (0017: a new table is nobody's): it counts, locks, and deletes the rows
-- a success or an unlock clears, and the stale ones. Audited like credentials, in full.
GRANT SELECT, DELETE ON login_failures TO casetrail_server;
GRANT INSERT (staff_id, remote, failed_count, last_failed_at) ON login_failures TO casetrail_server;
GRANT UPDATE (failed_count, last_failed_at, locked_until) ON login_failures TO casetrail_server;
GRANT UPDATE (failures_since) ON credentials TO casetrail_server;
INSERT INTO audit_tables (name, key) VALUES ('login_failures', '{staff_id,remote}');
SELECT ct_audit_attach('login_failures');
