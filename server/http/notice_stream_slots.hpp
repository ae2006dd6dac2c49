// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The notice WebSockets open, counted per person and in all against their caps: each open stream holds a
// socket, a timer and a place on the bell, so that one person (or one stolen token) opening thousands
// must not exhaust the server's file descriptors and memory. A stream takes a slot before it answers the
// upgrade and gives it back when it ends. Thread-safe: sessions run on several io threads.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.hpp"

namespace casetrail::http {

class NoticeStreamSlots : public std::enable_shared_from_this<NoticeStreamSlots> {
public:
    struct Caps {
        std::size_t per_person = 8;
        std::size_t total = 1000;
    };
    enum class Refused { person_full, server_full };

    // Held by a stream for as long as it lives; destroying it gives the place back.
    class Slot {
    public:
        Slot(std::shared_ptr<NoticeStreamSlots> owner, std::string login)
            : owner_(std::move(owner)), login_(std::move(login)) {}
        ~Slot();
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

    private:
        std::shared_ptr<NoticeStreamSlots> owner_;
        std::string login_;
    };

    explicit NoticeStreamSlots(Caps caps) : caps_(caps) {}
    // Made through std::make_shared: slots keep their owner alive.
    static std::shared_ptr<NoticeStreamSlots> make(Caps caps) { return std::make_shared<NoticeStreamSlots>(caps); }

    // A place for one more stream of `login`, or which cap it would pass (checked and taken at once).
    common::Result<std::unique_ptr<Slot>, Refused> acquire(const std::string& login);

    const Caps& caps() const { return caps_; }
    std::size_t open() const;
    std::size_t open_of(const std::string& login) const;

private:
    void release(const std::string& login);

    Caps caps_;
    mutable std::mutex mutex_;
    std::map<std::string, std::size_t> per_person_;
    std::size_t total_ = 0;
};

}  // namespace casetrail::http
