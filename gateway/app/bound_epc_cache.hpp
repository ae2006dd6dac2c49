// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The database's last answer on which EPCs are bound, beside the spool (spool/bound_epcs.txt), so that a
// gateway starting while the database is unreachable still tells a dossier's tag from a flood. A header
// line, then one EPC a line: rewritten whole (durably) after a full reload, appended to (and synced) with
// the bindings learnt in between.

#include <optional>
#include <string>
#include <vector>

namespace casetrail::gateway {

// nullopt when there is no file or it is not one of ours; lines that are not an EPC are skipped.
std::optional<std::vector<std::string>> load_bound_epc_cache(const std::string& path);
// Both throw std::runtime_error naming the file and the system's reason.
void save_bound_epc_cache(const std::string& path, const std::vector<std::string>& epcs);
void append_bound_epc_cache(const std::string& path, const std::vector<std::string>& epcs);

}  // namespace casetrail::gateway
