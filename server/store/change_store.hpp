// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// What changed about which dossier, read from the audit trail (every stateful table writes it, the
// gateway's location events too, so one ordered feed covers changes made by any process).

#include <cstdint>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"

namespace casetrail::store {

struct DossierChange {
    std::int64_t seq = 0;  // the trail's row
    std::int64_t dossier_id = 0;
    std::string what;  // location, custody, dossier, alerts
};

class ChangeStore {
public:
    explicit ChangeStore(pg::ConnectionPool& pool) : pool_(pool) {}

    // The trail's newest row (0 when empty): a feed starts after it.
    std::int64_t latest_seq();
    // Changes that concern a dossier after trail row `seq`, oldest first, from at most `limit` trail rows.
    struct Page {
        std::vector<DossierChange> changes;
        std::int64_t last_seq = 0;  // the last row read (rows about no dossier are passed too)
        int rows_read = 0;
    };
    Page changes_after(std::int64_t seq, int limit);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
