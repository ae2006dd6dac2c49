// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Black-box: the notice WebSockets are bounded. One person (or one stolen token) opening a thousand gets
// the per-person cap and no more, the server holds a cap in all, a client that sends a message larger
// than the limit loses its stream, and one that does not answer pings is dropped after the idle timeout,
// each giving its place back.

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/support/notice_client.hpp"
#include "tests/support/server_process.hpp"

using namespace casetrail::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// A TCP connection to the server that speaks the WebSocket upgrade by hand and then nothing: no reads
// of its own accord, so no pong to a ping.
class RawStream {
public:
    explicit RawStream(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        REQUIRE(fd_ >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        timeval tv{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~RawStream() { close(); }
    RawStream(const RawStream&) = delete;
    RawStream& operator=(const RawStream&) = delete;

    void send_upgrade(const std::string& login, const std::string& token) const {
        const std::string req = "GET /api/v1/staff/" + login +
                                "/notices HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                "Authorization: Bearer " +
                                token + "\r\n\r\n";
        REQUIRE(::send(fd_, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
    }
    // The status of the answer to the upgrade (101, 429, 503...); 0 when none came within 30 s.
    int status() {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (head_.find("\r\n\r\n") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n == 0) break;
            if (n > 0) head_.append(buf, static_cast<std::size_t>(n));
        }
        return head_.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(head_.c_str() + 9) : 0;
    }
    const std::string& answer() const { return head_; }
    // Reads (and drops) what comes until the server closes the connection: true when it did within
    // `timeout`.
    bool closed_by_server(std::chrono::milliseconds timeout) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return true;
        }
        return false;
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
    std::string head_;
};

// Room for `sockets` descriptors in this process and the server it starts (which inherits the limit).
void allow_descriptors(rlim_t sockets) {
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur >= sockets) return;
    REQUIRE(limit.rlim_max >= sockets);
    limit.rlim_cur = sockets;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
}

json websockets(const json& limits) { return {{"http", {{"port", 0}, {"websockets", limits}}}}; }

}  // namespace

TEST_CASE("a thousand notice WebSockets from one person: beyond the cap per person refused, and a cap in all",
          "[alerts][websocket][e2e]") {
    constexpr int kAttempts = 1000;
    allow_descriptors(2 * kAttempts + 256);
    ServerProcess s(websockets({{"max_per_person", 8}, {"max_total", 12}}));
    const auto wang = s.token_for("wang.li");
    // All at once, so that the server checks them side by side.
    std::vector<std::unique_ptr<RawStream>> streams;
    streams.reserve(kAttempts);
    for (int i = 0; i < kAttempts; ++i) streams.push_back(std::make_unique<RawStream>(s.port));
    for (const auto& st : streams) st->send_upgrade("wang.li", wang);
    std::vector<std::unique_ptr<RawStream>> open;
    int refused = 0;
    std::string refusal;
    for (auto& st : streams) {
        const int status = st->status();
        if (status == 101) {
            open.push_back(std::move(st));
        } else if (status == 429) {
            ++refused;
            refusal = st->answer();
        } else {
            FAIL_CHECK("unexpected answer to an upgrade: " << st->answer());
        }
    }
    streams.clear();
    CHECK(open.size() == 8);
    CHECK(refused == kAttempts - 8);
    CHECK_THAT(refusal, Catch::Contains("too_many_streams") && Catch::Contains("wang.li has 8 notice streams open") &&
                            Catch::Contains("max_per_person"));

    // Others still get theirs, up to the cap in all (12); then the server is full for everyone.
    std::vector<std::unique_ptr<RawStream>> chen;
    chen.reserve(5);
    for (int i = 0; i < 5; ++i) {
        chen.push_back(std::make_unique<RawStream>(s.port));
        chen.back()->send_upgrade("chen.jing", s.token_for("chen.jing"));
    }
    std::vector<int> statuses;
    statuses.reserve(chen.size());
    for (auto& st : chen) statuses.push_back(st->status());
    std::sort(statuses.begin(), statuses.end());
    CHECK(statuses == std::vector<int>{101, 101, 101, 101, 503});
    for (auto& st : chen) {
        if (st->answer().rfind("HTTP/1.1 503", 0) == 0) CHECK_THAT(st->answer(), Catch::Contains("max_total"));
    }

    // A stream that ends gives its place back.
    open.pop_back();
    CHECK(wait_until(
        [&] {
            RawStream again(s.port);
            again.send_upgrade("zhao.min", s.token_for("zhao.min"));
            return again.status() == 101;
        },
        10s, 100ms));
    CHECK(s.get("/api/v1/health").status == 200);
}

TEST_CASE("a notice WebSocket that sends too much is closed, and one that answers no ping is dropped",
          "[alerts][websocket][e2e]") {
    ServerProcess s(websockets({{"read_message_max_bytes", 1024}, {"idle_timeout_s", 2}, {"max_per_person", 2}}));
    NoticeClient listener(s.port, "zhao.min");  // reads, and so answers pings
    NoticeClient talker(s.port, "chen.jing");
    REQUIRE(talker.send(std::string(1000, 'x')).empty());  // within the limit: read and dropped
    talker.send(std::string(64 * 1024, 'x'));              // may not all go: the server closes at its header
    CHECK(wait_until([&] { return talker.closed(); }, 10s));
    CHECK(talker.close_code() == 1009);  // "message too big"

    // wang.li's two silent clients fill his cap; the idle timeout empties it.
    const auto opened = std::chrono::steady_clock::now();
    RawStream a(s.port), b(s.port), c(s.port);
    a.send_upgrade("wang.li", s.token_for("wang.li"));
    REQUIRE(a.status() == 101);
    b.send_upgrade("wang.li", s.token_for("wang.li"));
    REQUIRE(b.status() == 101);
    c.send_upgrade("wang.li", s.token_for("wang.li"));
    CHECK(c.status() == 429);
    CHECK(a.closed_by_server(15s));
    CHECK(std::chrono::steady_clock::now() - opened >= 1500ms);  // a ping at 1 s, no pong by 2 s
    CHECK(b.closed_by_server(15s));
    CHECK(wait_until(
        [&] {
            RawStream again(s.port);
            again.send_upgrade("wang.li", s.token_for("wang.li"));
            return again.status() == 101;
        },
        10s, 100ms));
    // The client that answers its pings has outlived the idle timeout and is still there.
    CHECK_FALSE(listener.closed());
    CHECK(s.get("/api/v1/health").status == 200);
}
