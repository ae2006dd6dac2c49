// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/smoothing/unbound_tags.hpp"

#include <algorithm>
#include <stdexcept>

namespace casetrail::smoothing {

namespace {
// Tags the core still holds a decision about that one newcomer may pass over, per segment.
constexpr int kSkips = 8;
// An evicted tag heard this recently was pushed out by a flood, not by housekeeping.
constexpr std::chrono::minutes kRecent{1};
}  // namespace

std::optional<std::string> validate(const UnboundTagLimits& l) {
    if (l.max_tracked < 10 || l.max_tracked > 1000000) return "max_tracked: must be 10..1000000";
    if (!(l.events_per_minute >= 0 && l.events_per_minute <= 1000000)) return "events_per_minute: must be 0..1000000";
    return std::nullopt;
}

UnboundTags::UnboundTags(std::size_t readers, UnboundTagLimits limits)
    : limits_(limits), protect_cap_(limits.max_tracked - limits.max_tracked / 5), lists_(readers), buckets_(readers),
      stats_(readers) {
    if (auto error = validate(limits_)) throw std::invalid_argument("unbound_tags." + *error);
}

UnboundTags::Entry& UnboundTags::entry(TagId tag) {
    if (tag >= entries_.size()) entries_.resize(static_cast<std::size_t>(tag) + 1);
    return entries_[tag];
}

void UnboundTags::link_front(List& list, TagId tag) {
    auto& e = entries_[tag];
    e.prev = kNil;
    e.next = list.front;
    if (list.front != kNil) entries_[list.front].prev = tag;
    list.front = tag;
    if (list.back == kNil) list.back = tag;
    ++list.size;
}

void UnboundTags::unlink(List& list, TagId tag) {
    auto& e = entries_[tag];
    (e.prev != kNil ? entries_[e.prev].next : list.front) = e.next;
    (e.next != kNil ? entries_[e.next].prev : list.back) = e.prev;
    e.prev = e.next = kNil;
    --list.size;
}

// Heard again in a later round: protected; the protected segment over its share gives its least
// recently heard back to probation.
void UnboundTags::protect(TagId tag) {
    auto& e = entries_[tag];
    unlink(list_of(e), tag);
    e.segment = Segment::protect;
    auto& lists = lists_[static_cast<std::size_t>(e.reader)];
    link_front(lists.protect, tag);
    if (lists.protect.size > protect_cap_) {
        const TagId old = lists.protect.back;
        unlink(lists.protect, old);
        entries_[old].segment = Segment::probation;
        link_front(lists.probation, old);
    }
}

void UnboundTags::heard(TagId tag, std::uint64_t round, TimePoint at) {
    if (!tracks(tag)) return;
    auto& e = entries_[tag];
    if (e.round == round) return;  // another antenna's read in the same round
    e.round = round;
    e.heard_at = at;
    if (e.segment == Segment::probation) {
        protect(tag);
        return;
    }
    auto& list = list_of(e);
    unlink(list, tag);
    link_front(list, tag);
}

std::optional<TagId> UnboundTags::victim(List& list, std::uint64_t round, const Idle& idle) {
    for (int skipped = 0; skipped < kSkips && list.back != kNil;) {
        const TagId v = list.back;
        if (entries_[v].round == round) return std::nullopt;  // everything here was heard in this round
        if (idle(v)) return v;
        // Placed, or at a door: it stays, at the front, so that the next look starts further on.
        unlink(list, v);
        link_front(list, v);
        ++skipped;
    }
    return std::nullopt;
}

UnboundTagStats UnboundTags::stats(int reader) const {
    const auto r = static_cast<std::size_t>(reader);
    auto s = stats_.at(r);
    s.tracked = tracked(r);
    return s;
}

std::size_t UnboundTags::tracked(std::size_t r) const { return lists_[r].probation.size + lists_[r].protect.size; }

UnboundTags::Room UnboundTags::make_room(int reader, std::uint64_t round, TimePoint at, const Idle& idle) {
    const auto r = static_cast<std::size_t>(reader);
    auto& lists = lists_.at(r);
    auto& stats = stats_[r];
    if (tracked(r) < limits_.max_tracked) return {true, std::nullopt};
    for (auto* list : {&lists.probation, &lists.protect}) {
        const auto v = victim(*list, round, idle);
        if (!v) continue;
        auto& e = entries_[*v];
        ++stats.evicted;
        if (at - e.heard_at < kRecent) ++stats.churned;
        unlink(*list, *v);
        e = Entry{};
        return {true, v};
    }
    ++stats.refused;
    return {false, std::nullopt};
}

void UnboundTags::add(int reader, TagId tag, std::uint64_t round, TimePoint at) {
    const auto r = static_cast<std::size_t>(reader);
    auto& lists = lists_.at(r);
    auto& e = entry(tag);
    if (e.reader >= 0) return;
    e = Entry{};
    e.reader = reader;
    e.round = round;
    e.heard_at = at;
    link_front(lists.probation, tag);
}

void UnboundTags::adopt(int reader, TagId tag, bool placed) {
    const auto r = static_cast<std::size_t>(reader);
    auto& lists = lists_.at(r);
    auto& e = entry(tag);
    if (e.reader >= 0) return;
    e = Entry{};
    e.reader = reader;
    e.segment = Segment::protect;
    e.written = placed;
    link_front(lists.protect, tag);
}

void UnboundTags::release(TagId tag) {
    if (!tracks(tag)) return;
    auto& e = entries_[tag];
    unlink(list_of(e), tag);
    e = Entry{};
}

bool UnboundTags::admit_event(int reader, TagId tag, bool leaves, TimePoint at) {
    const auto r = static_cast<std::size_t>(reader);
    auto& b = buckets_.at(r);
    const double rate = limits_.events_per_minute;
    if (!b.started) {
        b.tokens = rate;  // a minute's worth in hand
        b.started = true;
    } else if (at > b.last) {
        const double minutes = std::chrono::duration<double, std::ratio<60>>(at - b.last).count();
        b.tokens = std::min(rate, b.tokens + minutes * rate);
    }
    b.last = std::max(b.last, at);
    auto& e = entry(tag);
    if (leaves && e.written) {
        b.tokens -= 1;  // owed if need be: the trail must not keep it where it has gone
        e.written = false;
        return true;
    }
    if (b.tokens < 1) {
        ++stats_[r].events_dropped;
        return false;
    }
    b.tokens -= 1;
    e.written = !leaves;
    return true;
}

}  // namespace casetrail::smoothing
