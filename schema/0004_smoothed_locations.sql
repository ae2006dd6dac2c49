-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- What the smoothing core decides beyond arrived/moved/departed: a location that is honestly ambiguous
-- between two places (and its resolution), and passes through a doorway. Antennas get a role (shelf,
-- desk pad, or one side of a doorway) and doorways a name, so that the rules can tell a pass outward.

ALTER TABLE antennas ADD COLUMN role text NOT NULL DEFAULT 'shelf'
    CHECK (role IN ('shelf', 'desk', 'portal-in', 'portal-out'));
ALTER TABLE antennas ADD COLUMN portal text CHECK (portal ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
ALTER TABLE antennas ADD CONSTRAINT antennas_portal_role
    CHECK ((role IN ('portal-in', 'portal-out')) = (portal IS NOT NULL));
-- A doorway has one inside and one outside antenna.
CREATE UNIQUE INDEX antennas_portal_side ON antennas (portal, role) WHERE portal IS NOT NULL;

-- ambiguous: location_id and alt_location_id are the two candidates; resolved: location_id is where it
-- is, alt_location_id the candidate ruled out; passed_out/passed_in: location_id is the doorway's place.
ALTER TABLE location_events DROP CONSTRAINT location_events_kind_check;
ALTER TABLE location_events ADD CONSTRAINT location_events_kind_check
    CHECK (kind IN ('arrived', 'moved', 'departed', 'ambiguous', 'resolved', 'passed_out', 'passed_in'));
ALTER TABLE location_events ADD COLUMN alt_location_id bigint REFERENCES locations (id);
ALTER TABLE location_events ADD COLUMN alt_antenna_id bigint REFERENCES antennas (id);
ALTER TABLE location_events DROP CONSTRAINT location_events_check;
ALTER TABLE location_events ADD CONSTRAINT location_events_places CHECK (
    (kind = 'moved') = (from_location_id IS NOT NULL)
    AND (kind IN ('ambiguous', 'resolved')) = (alt_location_id IS NOT NULL)
    AND (alt_location_id IS NULL) = (alt_antenna_id IS NULL));

-- ambiguous: between location_id and alt_location_id; out: left through the doorway at location_id.
ALTER TABLE volume_locations DROP CONSTRAINT volume_locations_state_check;
ALTER TABLE volume_locations ADD CONSTRAINT volume_locations_state_check
    CHECK (state IN ('present', 'absent', 'ambiguous', 'out'));
ALTER TABLE volume_locations ADD COLUMN alt_location_id bigint REFERENCES locations (id);
ALTER TABLE volume_locations ADD COLUMN alt_antenna_id bigint REFERENCES antennas (id);
ALTER TABLE volume_locations ADD CONSTRAINT volume_locations_alt CHECK (
    (state = 'ambiguous') = (alt_location_id IS NOT NULL)
    AND (alt_location_id IS NULL) = (alt_antenna_id IS NULL));
