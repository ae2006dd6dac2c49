-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Logins: passwords hashed with Argon2id (libsodium's encoded string, never the password), API tokens for
-- people and for machines (only the SHA-256 of a token is kept: a token is 256 random bits, so a fast hash
-- suffices), and every login, failure, lockout, logout, password change and token issued or revoked in
-- auth_events, which the audit trail chains. Neither credentials nor tokens are audited themselves, so that
-- no hash ever reaches the trail.

CREATE TABLE credentials (
    staff_id      bigint PRIMARY KEY REFERENCES staff (id),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    changed_at    timestamptz NOT NULL,
    failed_count  integer NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
    locked_until  timestamptz
);

CREATE TABLE api_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    kind        text NOT NULL CHECK (kind IN ('session', 'api', 'machine')),
    staff_id    bigint REFERENCES staff (id),                        -- a person's token
    machine     text CHECK (machine ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),  -- a machine's token (role gateway)
    label       text CHECK (length(label) <= 200),
    created_at  timestamptz NOT NULL,
    created_by  bigint NOT NULL REFERENCES staff (id),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    revoked_by  bigint REFERENCES staff (id),
    CHECK ((staff_id IS NULL) <> (machine IS NULL)),
    CHECK ((kind = 'machine') = (machine IS NOT NULL)),
    CHECK (expires_at > created_at)
);
CREATE INDEX api_tokens_staff_idx ON api_tokens (staff_id) WHERE staff_id IS NOT NULL;

CREATE TABLE auth_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('login', 'login_refused', 'locked_out', 'logout', 'password_set',
                                              'token_issued', 'token_revoked')),
    login       text CHECK (length(login) <= 200),  -- as given, also when it names nobody
    actor_id    bigint REFERENCES staff (id),       -- who did it (the audit trail's actor)
    subject_id  bigint REFERENCES staff (id),       -- whose password or token
    token_id    bigint REFERENCES api_tokens (id),
    remote      text CHECK (length(remote) <= 100),
    detail      text CHECK (length(detail) <= 500)
);
CREATE INDEX auth_events_subject_idx ON auth_events (subject_id, at);

CREATE TRIGGER auth_events_audit_insert AFTER INSERT ON auth_events REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_audit_rows('id');

-- The server checks and writes them (default privileges of 0013 granted it everything); its trail of
-- logins is append-only like the others, and gateways see none of it.
REVOKE UPDATE, DELETE, TRUNCATE ON auth_events FROM casetrail_server;
REVOKE DELETE, TRUNCATE ON api_tokens, credentials FROM casetrail_server;
