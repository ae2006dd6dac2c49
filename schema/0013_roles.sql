-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Least privilege: the server and the gateways connect as roles that can do what they need and no more.
-- casetrail_server: the register, custody, stock-taking, imports, alerts, reading everything; it cannot
-- rewrite the location trail, and cannot touch the audit trail except reading it (the audit triggers
-- write it as its owner). casetrail_gateway: register its readers and antennas, write location events
-- and the current places, report reader health, read what that needs; nothing else (no dossier, no
-- person, no custody). Both are group roles without login: an administrator creates the login users and
-- grants one of them (see README). Role names are cluster-wide; the grants are this database's.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'casetrail_server') THEN
        CREATE ROLE casetrail_server NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'casetrail_gateway') THEN
        CREATE ROLE casetrail_gateway NOLOGIN;
    END IF;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO casetrail_server, casetrail_gateway;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO casetrail_server;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO casetrail_server;
-- The trails are append-only for the application; the audit trail is written only by its triggers.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM casetrail_server;
REVOKE UPDATE, DELETE, TRUNCATE ON location_events FROM casetrail_server;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_version FROM casetrail_server;

GRANT SELECT ON sites, locations, readers, antennas, reader_health, tag_bindings, volume_locations, location_events
    TO casetrail_gateway;
GRANT INSERT, UPDATE ON readers, antennas, reader_health, volume_locations TO casetrail_gateway;
GRANT INSERT ON location_events TO casetrail_gateway;

-- The audit triggers run as the owner of this function, so that neither role needs (or has) any right
-- to write audit_log itself; session_user still names who connected.
ALTER FUNCTION ct_audit_rows() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION ct_audit_alert() SECURITY DEFINER SET search_path = public, pg_temp;

-- Tables and sequences of later migrations (run by the same owner) are the server's too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO casetrail_server;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO casetrail_server;
