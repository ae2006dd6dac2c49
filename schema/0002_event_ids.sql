-- Every location event carries a deterministic id computed by the gateway from the observation, so that
-- replaying a spooled event after a crash is a no-op. Rows written before this migration get a random id.

ALTER TABLE location_events ADD COLUMN event_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE location_events ALTER COLUMN event_id DROP DEFAULT;
ALTER TABLE location_events ADD CONSTRAINT location_events_event_id_key UNIQUE (event_id);
