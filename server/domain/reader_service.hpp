// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The readers and their health, for supervisors and admins. Knows nothing of HTTP.

#include <vector>

#include "server/store/reader_store.hpp"

namespace casetrail::domain {

class ReaderService {
public:
    explicit ReaderService(store::ReaderStore& store) : store_(store) {}
    std::vector<store::ReaderRecord> list() { return store_.list(); }

private:
    store::ReaderStore& store_;
};

}  // namespace casetrail::domain
