-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- location_paths without recursion: the location tree has exactly three levels (room > cabinet > shelf,
-- held by the schema), so two joins to the parents name every level. The recursive version was evaluated
-- once per row when joined twice (a volume's place and its second, ambiguous place) and made one "where"
-- take half a second; this one is planned as plain joins.
CREATE OR REPLACE VIEW location_paths AS
SELECT l.id AS location_id,
       l.code,
       l.kind,
       s.code AS site_code,
       s.name AS site_name,
       CASE l.kind WHEN 'room' THEN l.name WHEN 'cabinet' THEN p1.name ELSE p2.name END AS room_name,
       CASE l.kind WHEN 'cabinet' THEN l.name WHEN 'shelf' THEN p1.name END AS cabinet_name,
       CASE l.kind WHEN 'shelf' THEN l.name END AS shelf_name
FROM locations l
JOIN sites s ON s.id = l.site_id
LEFT JOIN locations p1 ON p1.id = l.parent_id
LEFT JOIN locations p2 ON p2.id = p1.parent_id;
