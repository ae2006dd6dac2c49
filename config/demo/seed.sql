-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- A small archive for the demo and the tests: one site, one room, 2 cabinets x 4 shelves, 40 dossiers
-- (one volume each, one tag each). EPCs are E2801160000000000000NNNN (96 bits); dossier N sits on
-- shelf ((N-1) / 5) + 1, the same shelf as antenna ((N-1) / 5) + 1 of reader R1.
-- Idempotent: a second run changes nothing.

BEGIN;

INSERT INTO sites (code, name, time_zone) VALUES ('HQ', 'Central Archive', 'Asia/Shanghai')
ON CONFLICT (code) DO NOTHING;

INSERT INTO locations (site_id, kind, code, name)
SELECT s.id, 'room', 'HQ-R1', 'Archive Room 1' FROM sites s WHERE s.code = 'HQ'
ON CONFLICT (code) DO NOTHING;

INSERT INTO locations (site_id, parent_id, parent_kind, kind, code, name)
SELECT r.site_id, r.id, 'room', 'cabinet', 'HQ-R1-C' || c, 'Cabinet ' || c
FROM locations r, generate_series(1, 2) c WHERE r.code = 'HQ-R1'
ON CONFLICT (code) DO NOTHING;

INSERT INTO locations (site_id, parent_id, parent_kind, kind, code, name)
SELECT c.site_id, c.id, 'cabinet', 'shelf', c.code || '-S' || s, 'Shelf ' || s
FROM locations c, generate_series(1, 4) s WHERE c.code IN ('HQ-R1-C1', 'HQ-R1-C2')
ON CONFLICT (code) DO NOTHING;

INSERT INTO units (code, name, kind) VALUES ('CID', 'Criminal Investigation Bureau', 'bureau')
ON CONFLICT (code) DO NOTHING;
INSERT INTO units (parent_id, parent_kind, code, name, kind)
SELECT id, kind, 'CID-S1', 'Central Station', 'station' FROM units WHERE code = 'CID' ON CONFLICT (code) DO NOTHING;
INSERT INTO units (parent_id, parent_kind, code, name, kind)
SELECT id, kind, 'CID-T1', 'Team 1', 'team' FROM units WHERE code = 'CID-S1' ON CONFLICT (code) DO NOTHING;

INSERT INTO staff (unit_id, login, name)
SELECT u.id, v.login, v.name FROM units u,
  (VALUES ('wang.li', 'Wang Li', 'CID-T1'), ('chen.jing', 'Chen Jing', 'CID-T1'), ('zhao.min', 'Zhao Min', 'CID-S1'),
          ('liu.yang', 'Liu Yang', 'CID-S1'), ('sun.hao', 'Sun Hao', 'CID')) AS v(login, name, unit)
WHERE u.code = v.unit
ON CONFLICT (login) DO NOTHING;

INSERT INTO staff_roles (staff_id, role)
SELECT s.id, v.role FROM staff s,
  (VALUES ('wang.li', 'case_handler'), ('chen.jing', 'case_handler'), ('zhao.min', 'supervisor'),
          ('liu.yang', 'clerk'), ('sun.hao', 'admin')) AS v(login, role)
WHERE s.login = v.login
ON CONFLICT DO NOTHING;

-- The bureau runs the archive: its admins hear of readers going offline.
UPDATE sites SET unit_id = (SELECT id FROM units WHERE code = 'CID') WHERE code = 'HQ' AND unit_id IS NULL;

-- Shelf n of the 8 (cabinet 1 holds shelves 1-4, cabinet 2 shelves 5-8).
CREATE TEMP VIEW demo_shelves AS
SELECT row_number() OVER (ORDER BY code) AS n, id, code FROM locations WHERE kind = 'shelf' AND code LIKE 'HQ-R1-C%';

INSERT INTO dossiers (case_number, title, owning_unit_id, case_handler_id, home_location_id, status)
SELECT format('2026-CR-%s', lpad(n::text, 4, '0')),
       CASE WHEN n % 2 = 0 THEN format('盗窃案 Theft case %s', n) ELSE format('Fraud case %s 诈骗案', n) END,
       (SELECT id FROM units WHERE code = 'CID-T1'),
       (SELECT id FROM staff WHERE login = CASE WHEN n % 2 = 0 THEN 'wang.li' ELSE 'chen.jing' END),
       (SELECT id FROM demo_shelves WHERE demo_shelves.n = (g.n - 1) / 5 + 1),
       'in_handling'
FROM generate_series(1, 40) AS g(n)
ON CONFLICT (case_number) DO NOTHING;

INSERT INTO volumes (dossier_id, volume_no)
SELECT id, 1 FROM dossiers WHERE case_number LIKE '2026-CR-%'
ON CONFLICT (dossier_id, volume_no) DO NOTHING;

INSERT INTO tag_bindings (epc, volume_id, valid_from)
SELECT 'E2801160000000000000' || right(d.case_number, 4), v.id, now() - interval '30 days'
FROM dossiers d JOIN volumes v ON v.dossier_id = d.id AND v.volume_no = 1
WHERE d.case_number LIKE '2026-CR-%'
  AND NOT EXISTS (SELECT 1 FROM tag_bindings tb WHERE tb.volume_id = v.id);

COMMIT;
