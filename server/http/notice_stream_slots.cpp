// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/notice_stream_slots.hpp"

namespace casetrail::http {

NoticeStreamSlots::Slot::~Slot() {
    if (owner_) owner_->release(login_);
}

common::Result<std::unique_ptr<NoticeStreamSlots::Slot>, NoticeStreamSlots::Refused> NoticeStreamSlots::acquire(
    const std::string& login) {
    {
        std::lock_guard lock(mutex_);
        auto& mine = per_person_[login];
        if (mine >= caps_.per_person) return Refused::person_full;
        if (total_ >= caps_.total) {
            if (mine == 0) per_person_.erase(login);
            return Refused::server_full;
        }
        ++mine;
        ++total_;
    }
    return std::make_unique<Slot>(shared_from_this(), login);
}

void NoticeStreamSlots::release(const std::string& login) {
    std::lock_guard lock(mutex_);
    const auto it = per_person_.find(login);
    if (it == per_person_.end()) return;
    if (--it->second == 0) per_person_.erase(it);
    --total_;
}

std::size_t NoticeStreamSlots::open() const {
    std::lock_guard lock(mutex_);
    return total_;
}

std::size_t NoticeStreamSlots::open_of(const std::string& login) const {
    std::lock_guard lock(mutex_);
    const auto it = per_person_.find(login);
    return it == per_person_.end() ? 0 : it->second;
}

}  // namespace casetrail::http
