-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Every location event carries a deterministic id computed by the gateway from the observation, so that
-- replaying a spooled event after a crash is a no-op. Rows written before this migration get a random id.

ALTER TABLE location_events ADD COLUMN event_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE location_events ALTER COLUMN event_id DROP DEFAULT;
ALTER TABLE location_events ADD CONSTRAINT location_events_event_id_key UNIQUE (event_id);

-- The batch insert resolves every event's EPC to its binding at the observation time: a plain b-tree
-- serves that lookup far faster than the exclusion constraint's GiST index.
CREATE INDEX tag_bindings_epc_idx ON tag_bindings (epc, valid_from DESC);
