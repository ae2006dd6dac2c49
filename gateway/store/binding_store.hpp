// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Which EPCs are bound to a volume, read by the gateway (bound_epcs.hpp): all of them at start and every
// so often, and the bindings made since in between. One connection, one thread at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/pg/connection_fwd.hpp"

namespace casetrail::gateway {

struct BoundEpcRows {
    std::vector<std::pair<std::int64_t, std::string>> rows;  // binding id, EPC
    std::int64_t through_id = 0;                             // the highest binding id when asked
};

class BindingStore {
public:
    explicit BindingStore(std::string conninfo);
    ~BindingStore();
    BindingStore(const BindingStore&) = delete;
    BindingStore& operator=(const BindingStore&) = delete;

    // The EPCs of the bindings after binding id `after_id` (0: all) that are current or still to come.
    // Throws StoreUnavailable when the link is down.
    BoundEpcRows bound_epcs(std::int64_t after_id);

private:
    std::unique_ptr<pg::DedicatedConnection> conn_;
};

}  // namespace casetrail::gateway
