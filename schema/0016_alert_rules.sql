-- The alert rules' names come from a table instead of a CHECK to rewrite for each new rule. The server adds
-- the rules it ships (server/store/alert_rules.cpp) at start, so a new rule about a kind of subject the
-- schema knows (alerts.subject_kind) needs no migration; a rule's row stays while alerts name it. once_per_stage: a subject's stage is raised once, ever, also after it
-- was resolved (a deadline's 7-day notice, a custody period's overdue, a handover's lapse).
CREATE TABLE alert_rules (
    name            text PRIMARY KEY CHECK (name ~ '^[a-z][a-z_]{0,62}$'),
    once_per_stage  boolean NOT NULL DEFAULT false
);
INSERT INTO alert_rules (name, once_per_stage) VALUES
    ('deadline', true), ('misplaced', false), ('out_without_handover', false), ('lost', false),
    ('custody_overdue', true), ('handover_unconfirmed', true), ('reader_offline', false);

ALTER TABLE alerts DROP CONSTRAINT alerts_rule_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_rule_fkey FOREIGN KEY (rule) REFERENCES alert_rules (name);

-- Whether the alert's rule raises each stage once, copied from its rule as the alert is raised, so that
-- the once-only index below needs no list of names.
ALTER TABLE alerts ADD COLUMN once boolean NOT NULL DEFAULT false;
UPDATE alerts a SET once = true FROM alert_rules r WHERE r.name = a.rule AND r.once_per_stage;
CREATE FUNCTION ct_alert_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- (an unknown rule is left to the foreign key to name)
    NEW.once := coalesce((SELECT r.once_per_stage FROM alert_rules r WHERE r.name = NEW.rule), false);
    RETURN NEW;
END $$;
CREATE TRIGGER alerts_once BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION ct_alert_once();

DROP INDEX alerts_once_idx;
CREATE UNIQUE INDEX alerts_once_idx ON alerts (rule, subject_kind, subject_id, stage) WHERE once;

-- The server registers its rules; it never removes one (alerts keep their rule's name).
REVOKE DELETE, TRUNCATE ON alert_rules FROM casetrail_server;
GRANT SELECT, INSERT, UPDATE ON alert_rules TO casetrail_server;
