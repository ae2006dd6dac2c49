-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- The units whose dossiers a person may see and change, as the server's access policy has them: all for
-- an admin; their unit and every unit below it for a supervisor, legal officer or clerk; their own unit
-- for a case handler. Imports are checked against their starter's units with it, in the same set-based
-- pass as every other problem of the file.
CREATE FUNCTION ct_units_in_scope(person bigint) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    WITH RECURSIVE me AS (
        SELECT s.unit_id,
               EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id AND r.role = 'admin') AS everything,
               EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id
                       AND r.role IN ('supervisor', 'legal_officer', 'clerk')) AS below
        FROM staff s WHERE s.id = person AND s.active),
    tree (id) AS (
        SELECT unit_id FROM me
        UNION ALL SELECT u.id FROM units u JOIN tree ON u.parent_id = tree.id WHERE (SELECT below FROM me))
    SELECT id FROM units WHERE (SELECT everything FROM me)
    UNION SELECT id FROM tree
$$;
