-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Case numbers have an alphabet now (docs/security.md, "Case numbers"): letters, digits, spaces and a few
-- brackets and marks, never beginning as a spreadsheet formula, never readable as an EPC. The server
-- checks it where a case number is registered, through the API and through an import, in one place
-- (server/domain/input_checks.cpp). There is deliberately no CHECK on dossiers.case_number: even
-- NOT VALID, PostgreSQL checks the constraint on every UPDATE of a row, so a dossier registered before the
-- alphabet could no longer change its status, handler or home; those case numbers stay as they are, and
-- every exporter neutralises them on the way out.
--
-- An import's rows are checked as a set in SQL, but the alphabet lives in the server's code: the server
-- checks each row's case number when it is staged and keeps what is wrong with it beside the row, for the
-- set-based check to report by line with everything else.
ALTER TABLE import_rows ADD COLUMN case_number_problem text;
-- Rows staged before this migration were never checked: their import is refused, and says why.
UPDATE import_rows SET case_number_problem = 'was staged before case numbers were checked: stage the file again'
WHERE case_number IS NOT NULL;
