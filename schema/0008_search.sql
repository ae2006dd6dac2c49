-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Search over the register: words of the title (Chinese included) through trigram indexes, and the usual
-- columns. Paging is by case number (a cursor), never OFFSET.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX dossiers_title_trgm_idx ON dossiers USING gin (title gin_trgm_ops);
CREATE INDEX dossiers_case_number_trgm_idx ON dossiers USING gin (case_number gin_trgm_ops);
CREATE INDEX dossiers_status_idx ON dossiers (status, case_number);
