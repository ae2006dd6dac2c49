// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The audit trail's chain, checked: every row's hash recomputed from its content and the previous row's
// hash, the sequence without gaps. Names the first row edited, deleted or reordered.

#include <cstdint>
#include <optional>
#include <string>

#include "common/pg/connection_pool.hpp"

namespace casetrail::store {

struct AuditVerdict {
    std::int64_t rows = 0;                  // rows checked
    std::string head;                       // the last good row's hash: keep it to tell a rewritten chain later
    std::optional<std::int64_t> first_bad;  // the row where the chain breaks
    std::string problem;                    // edited | deleted | reordered
    std::string message;
};

class AuditStore {
public:
    explicit AuditStore(pg::ConnectionPool& pool) : pool_(pool) {}
    // `remembered_head`: a head printed by an earlier check; the chain must still hold it (a row deleted
    // at the end, or the whole chain rewritten, shows no other way).
    AuditVerdict verify(const std::optional<std::string>& remembered_head = std::nullopt);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
