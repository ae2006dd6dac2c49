// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tests/support/notice_client.hpp"

#include "tests/support/processes.hpp"

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace casetrail::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

struct NoticeClient::Impl {
    net::io_context ioc;
    websocket::stream<beast::tcp_stream> ws{ioc};
    beast::flat_buffer buffer;
    std::mutex m;
    std::condition_variable cv;
    std::deque<std::pair<nlohmann::json, std::chrono::system_clock::time_point>> queue;
    std::chrono::system_clock::time_point last{};
    bool closed = false;
    int close_code = 0;
    std::thread thread;

    void read() {
        ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
            std::lock_guard lock(m);
            if (ec) {
                closed = true;
                close_code = ws.reason().code;
                cv.notify_all();
                return;
            }
            queue.emplace_back(nlohmann::json::parse(beast::buffers_to_string(buffer.data())),
                               std::chrono::system_clock::now());
            buffer.consume(buffer.size());
            cv.notify_all();
            read();
        });
    }
};

NoticeClient::NoticeClient(int port, const std::string& login, long long after)
    : NoticeClient(port, login, after, token_of(port, login)) {}

NoticeClient::NoticeClient(int port, const std::string& login, long long after, const std::string& token)
    : NoticeClient(port, Path{"/api/v1/staff/" + login + "/notices?after=" + std::to_string(after)}, token) {}

NoticeClient::NoticeClient(int port, const Path& path, const std::string& token) : impl_(std::make_unique<Impl>()) {
    net::ip::tcp::resolver resolver(impl_->ioc);
    beast::get_lowest_layer(impl_->ws).connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    if (!token.empty()) {
        impl_->ws.set_option(websocket::stream_base::decorator(
            [token](websocket::request_type& req) { req.set(beast::http::field::authorization, "Bearer " + token); }));
    }
    impl_->ws.handshake("127.0.0.1", path.target);
    impl_->read();
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

NoticeClient::~NoticeClient() {
    net::post(impl_->ioc, [this] {
        beast::error_code ignored;
        beast::get_lowest_layer(impl_->ws).socket().close(ignored);
    });
    impl_->thread.join();
}

std::optional<nlohmann::json> NoticeClient::next(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->m);
    impl_->cv.wait_for(lock, timeout, [&] { return !impl_->queue.empty() || impl_->closed; });
    if (impl_->queue.empty()) return std::nullopt;
    auto [notice, at] = std::move(impl_->queue.front());
    impl_->queue.pop_front();
    impl_->last = at;
    return notice;
}

std::chrono::system_clock::time_point NoticeClient::last_arrival() const {
    std::lock_guard lock(impl_->m);
    return impl_->last;
}

bool NoticeClient::closed() const {
    std::lock_guard lock(impl_->m);
    return impl_->closed;
}

int NoticeClient::close_code() const {
    std::lock_guard lock(impl_->m);
    return impl_->close_code;
}

std::string NoticeClient::send(const std::string& text) {
    auto message = std::make_shared<std::string>(text);
    auto done = std::make_shared<std::promise<beast::error_code>>();
    auto result = done->get_future();
    net::post(impl_->ioc, [this, message, done] {
        impl_->ws.text(true);
        impl_->ws.async_write(net::buffer(*message),
                              [message, done](beast::error_code ec, std::size_t) { done->set_value(ec); });
    });
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        throw std::runtime_error("a WebSocket message was not sent within 10 s");
    const auto ec = result.get();
    return ec ? ec.message() : std::string();
}

}  // namespace casetrail::test
