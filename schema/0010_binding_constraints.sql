-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- An EPC on at most one volume at a time, kept cheaper: the exclusion constraint on the EPC's text (btree_gist
-- over text) made 100,000 bindings take 17 s of a bulk import. Now a unique index on the open bindings holds
-- "one volume now" exactly, and the exclusion over the EPC's 64-bit hash keeps past periods from overlapping
-- (a hash collision between two EPCs could only refuse a binding, never let a wrong one in).
ALTER TABLE tag_bindings DROP CONSTRAINT tag_bindings_epc_tstzrange_excl;
CREATE UNIQUE INDEX tag_bindings_open_epc_idx ON tag_bindings (epc) WHERE valid_to IS NULL;
ALTER TABLE tag_bindings ADD CONSTRAINT tag_bindings_epc_period_excl
    EXCLUDE USING gist (hashtextextended(epc, 0) WITH =, tstzrange(valid_from, valid_to) WITH &&);
