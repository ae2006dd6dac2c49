// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/bound_epcs.hpp"

#include <algorithm>

namespace casetrail::gateway {

namespace {
// Past this many, the recent additions join the sorted array (a hash set costs 4x the memory per EPC).
constexpr std::size_t kRecentMax = 4096;
}  // namespace

std::uint64_t BoundEpcs::hash(std::string_view epc) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (const char c : epc) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

bool BoundEpcs::contains(std::string_view epc) const {
    const auto h = hash(epc);
    return recent_.count(h) > 0 || std::binary_search(sorted_.begin(), sorted_.end(), h);
}

void BoundEpcs::add(std::string_view epc) {
    const auto h = hash(epc);
    if (std::binary_search(sorted_.begin(), sorted_.end(), h)) return;
    recent_.insert(h);
    if (recent_.size() > kRecentMax) merge();
}

void BoundEpcs::merge() {
    const auto mid = sorted_.size();
    sorted_.insert(sorted_.end(), recent_.begin(), recent_.end());
    std::sort(sorted_.begin() + static_cast<std::ptrdiff_t>(mid), sorted_.end());
    std::inplace_merge(sorted_.begin(), sorted_.begin() + static_cast<std::ptrdiff_t>(mid), sorted_.end());
    recent_.clear();
}

void BoundEpcs::replace(const std::vector<std::string>& epcs) {
    std::vector<std::uint64_t> next;
    next.reserve(epcs.size());
    for (const auto& e : epcs) next.push_back(hash(e));
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    next.shrink_to_fit();
    sorted_ = std::move(next);
    recent_.clear();
    known_ = true;
}

}  // namespace casetrail::gateway
