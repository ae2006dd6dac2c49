-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- The alert rules' names come from a table instead of a CHECK to rewrite for each new rule. The server adds
-- the rules it ships (server/store/alert_rules.cpp) at start, so a new rule about a kind of subject the
-- schema knows (alerts.subject_kind) needs no migration; a rule's row stays while alerts name it.
CREATE TABLE alert_rules (
    name  text PRIMARY KEY CHECK (name ~ '^[a-z][a-z_]{0,62}$')
);
INSERT INTO alert_rules (name) VALUES
    ('deadline'), ('misplaced'), ('out_without_handover'), ('lost'), ('custody_overdue'), ('handover_unconfirmed'),
    ('reader_offline');

ALTER TABLE alerts DROP CONSTRAINT alerts_rule_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_rule_fkey FOREIGN KEY (rule) REFERENCES alert_rules (name);

-- Once each, whatever the rule: what happens to a deadline (a stage reached), a custody period (overdue)
-- or a handover (a lapse) is raised once per subject and stage, ever, also after it was resolved; a
-- volume's or a reader's condition may come back. (The same rows as the index it replaces, which listed
-- the rules by name; the rules' lookups of earlier alerts by subject kind use it.)
DROP INDEX alerts_once_idx;
CREATE UNIQUE INDEX alerts_once_idx ON alerts (rule, subject_kind, subject_id, stage)
    WHERE subject_kind IN ('deadline', 'custody', 'handover');

-- The server registers its rules; it never removes one (alerts keep their rule's name).
REVOKE DELETE, TRUNCATE ON alert_rules FROM casetrail_server;
GRANT SELECT, INSERT ON alert_rules TO casetrail_server;
REVOKE UPDATE ON alert_rules FROM casetrail_server;
