// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/store/binding_store.hpp"

#include "common/pg/connection.hpp"

namespace casetrail::gateway {

namespace {

constexpr const char* kLastBindingId = "SELECT coalesce(max(id), 0) FROM tag_bindings";

// By the primary key's range: an incremental read costs the new rows only.
constexpr const char* kBoundEpcs = R"sql(
SELECT id, epc FROM tag_bindings
WHERE id > $1 AND id <= $2 AND (valid_to IS NULL OR valid_to > now())
ORDER BY id
)sql";

}  // namespace

BindingStore::BindingStore(std::string conninfo)
    : conn_(std::make_unique<pg::DedicatedConnection>(std::move(conninfo))) {}
BindingStore::~BindingStore() = default;

BoundEpcRows BindingStore::bound_epcs(std::int64_t after_id) {
    return conn_->run([&](pqxx::connection& conn) {
        pqxx::read_transaction tx(conn);
        BoundEpcRows out;
        out.through_id = tx.exec1(kLastBindingId)[0].as<std::int64_t>();
        for (const auto& row : tx.exec_params(kBoundEpcs, after_id, out.through_id)) {
            out.rows.emplace_back(row[0].as<std::int64_t>(), row[1].as<std::string>());
        }
        return out;
    });
}

}  // namespace casetrail::gateway
