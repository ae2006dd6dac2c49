// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/store/audit_store.hpp"

#include "common/pg/connection.hpp"

namespace casetrail::store {

namespace {

constexpr int kPage = 10000;
constexpr const char* kPageOfRows = R"sql(
SELECT seq, prev_hash, hash, ct_audit_hash(prev_hash, at, actor, action, subject, before, after, db_user) = hash
FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2
)sql";
constexpr const char* kHashFurtherOn = "SELECT 1 FROM audit_log WHERE hash = $1 AND seq > $2 LIMIT 1";
const std::string kGenesis(64, '0');

}  // namespace

AuditVerdict AuditStore::verify(const std::optional<std::string>& remembered_head) {
    auto lease = pool_.acquire();
    return pg::with_connection(lease, [&](pqxx::connection& c) {
        // One snapshot for the whole walk: rows appended meanwhile are not half seen.
        pqxx::work tx(c, "audit verify");
        tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        AuditVerdict v;
        std::int64_t expected = 1;
        std::string prev = kGenesis;
        const auto bad = [&](std::int64_t seq, const char* problem, std::string message) {
            v.first_bad = seq;
            v.problem = problem;
            v.message = std::move(message);
            return v;
        };
        while (true) {
            const auto page = tx.exec_params(kPageOfRows, expected - 1, kPage);
            if (page.empty()) break;
            for (const auto& row : page) {
                const auto seq = row[0].as<std::int64_t>();
                const auto prev_hash = row[1].as<std::string>();
                const auto hash = row[2].as<std::string>();
                const bool intact = row[3].as<bool>();
                const auto at = std::to_string(seq);
                if (seq != expected) {
                    return bad(expected, "deleted",
                               "row " + std::to_string(expected) +
                                   (seq - expected > 1 ? " to " + std::to_string(seq - 1) : "") + " missing: deleted");
                }
                if (!intact) return bad(seq, "edited", "row " + at + " does not match its hash: edited");
                if (prev_hash != prev) {
                    // Self-consistent but not chained to the row before it: it belongs elsewhere in the
                    // chain (reordered), or the row before was edited and its hash recomputed.
                    if (!tx.exec_params(kHashFurtherOn, prev_hash, seq).empty()) {
                        return bad(seq, "reordered", "row " + at + " follows a row that comes after it: reordered");
                    }
                    return bad(seq - 1, "edited",
                               "row " + std::to_string(seq - 1) + " is not the row that row " + at +
                                   " was chained to: edited");
                }
                prev = hash;
                v.head = hash;
                ++v.rows;
                ++expected;
            }
        }
        // The head moves with every row appended: rows cut off the end (by the owner, with the triggers
        // off) leave it pointing past the last row.
        const auto head = tx.exec("SELECT seq, hash FROM ct_audit_head()");
        if (!head.empty() && (head[0][0].as<std::int64_t>() != v.rows || head[0][1].as<std::string>() != prev)) {
            return bad(v.rows + 1, "deleted",
                       "the trail ends at row " + std::to_string(v.rows) + " but its head names row " +
                           head[0][0].as<std::string>() + ": rows were deleted at the end");
        }
        if (remembered_head && *remembered_head != kGenesis &&
            tx.exec_params("SELECT 1 FROM audit_log WHERE hash = $1", *remembered_head).empty()) {
            return bad(v.rows + 1, "deleted",
                       "no row has the remembered head " + *remembered_head +
                           ": rows were deleted at the end, or the chain was rewritten");
        }
        v.message = "intact: " + std::to_string(v.rows) + " rows";
        return v;
    });
}

}  // namespace casetrail::store
