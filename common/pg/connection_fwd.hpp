// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The PostgreSQL plumbing's classes by name only, for headers that hold one without bringing in libpqxx.

namespace casetrail::pg {
class Connection;
class DedicatedConnection;
}  // namespace casetrail::pg
