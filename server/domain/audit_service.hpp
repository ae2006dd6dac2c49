// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The audit trail as the API offers it: a check of the whole chain. Knows nothing of HTTP.

#include <optional>
#include <string>

#include "server/domain/errors.hpp"
#include "server/store/audit_store.hpp"

namespace casetrail::domain {

class AuditService {
public:
    explicit AuditService(store::AuditStore& store) : store_(store) {}

    store::AuditVerdict verify(const std::optional<std::string>& remembered_head) {
        if (remembered_head && (remembered_head->size() != 64 ||
                                remembered_head->find_first_not_of("0123456789abcdef") != std::string::npos)) {
            throw InvalidArgument("head: must be 64 lower-case hex digits (as `audit verify` printed it)");
        }
        return store_.verify(remembered_head);
    }

private:
    store::AuditStore& store_;
};

}  // namespace casetrail::domain
