// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The EPCs bound to a volume, as the gateway last learnt them from the database: what tells a dossier's
// tag (never limited) from any other EPC a reader reports (unbound_tags.hpp). Kept compact, as 64-bit
// hashes of the EPC text in a sorted array plus a small set of recent additions, so that a register of
// a million tags costs about 8 MB. Two EPCs with one hash would make an unbound EPC count as bound: as
// harmless as a reader reporting a real dossier's EPC, and, at 1e-13 for a million bindings, not
// expected. Pure; on the event loop only.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace casetrail::gateway {

class BoundEpcs {
public:
    bool contains(std::string_view epc) const;
    void add(std::string_view epc);
    // Exactly these (a full reload: bindings ended since are dropped).
    void replace(const std::vector<std::string>& epcs);
    std::size_t size() const { return sorted_.size() + recent_.size(); }
    // Whether the database (or the cache of its answer) has given the whole list yet (replace()).
    bool known() const { return known_; }

private:
    static std::uint64_t hash(std::string_view epc);
    void merge();

    std::vector<std::uint64_t> sorted_;
    std::unordered_set<std::uint64_t> recent_;  // not in sorted_
    bool known_ = false;
};

}  // namespace casetrail::gateway
