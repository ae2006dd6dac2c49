// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A WebSocket client of a person's notice stream (GET /api/v1/staff/{login}/notices?after=N upgraded),
// or of any other of the server's streams (a dossier's changes): messages arrive on a background thread
// and wait in a queue until the test takes them.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace casetrail::test {

class NoticeClient {
public:
    // Connects and completes the handshake; throws when the server refuses.
    // With the token registered for `login` on `port` (processes.hpp), or the one given.
    NoticeClient(int port, const std::string& login, long long after = 0);
    NoticeClient(int port, const std::string& login, long long after, const std::string& token);
    // Another stream: `target` is its path (and query).
    struct Path {
        std::string target;
    };
    NoticeClient(int port, const Path& path, const std::string& token);
    ~NoticeClient();  // drops the connection without a closing handshake, as a lost network would

    // The next notice, or nullopt when none came within `timeout`.
    std::optional<nlohmann::json> next(std::chrono::milliseconds timeout);
    // When the last notice taken arrived.
    std::chrono::system_clock::time_point last_arrival() const;
    bool closed() const;
    // The close code the server sent (1009: a message too big), 0 when none came.
    int close_code() const;
    // Sends one text message; "" once written, else why not (the server closed the stream meanwhile).
    // Throws when it is neither written nor refused within 10 s.
    std::string send(const std::string& text);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace casetrail::test
