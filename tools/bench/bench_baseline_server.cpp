// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The ceiling for bench-where: a minimal Boost.Beast HTTP server that answers every request with the same
// small JSON body, keep-alive, on as many threads as asked. Nothing else: no routing, no database.
//   bench-baseline-server PORT THREADS

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>  // before Boost.Asio, whose awaitable.hpp uses std::exchange
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "common/build_info.hpp"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

const std::string kBody =
    R"({"dossier":{"case_number":"2026-BW-0000001","title":"fixed"},"state":"present","location":{"code":"HQ-R1-C1-S1"}})";

class Session : public std::enable_shared_from_this<Session> {
public:
    explicit Session(tcp::socket socket) : stream_(std::move(socket)) {}
    void run() { do_read(); }

private:
    void do_read() {
        req_ = {};
        bhttp::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->do_write();
        });
    }
    void do_write() {
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>(bhttp::status::ok, req_.version());
        res->set(bhttp::field::content_type, "application/json; charset=utf-8");
        res->keep_alive(req_.keep_alive());
        res->body() = kBody;
        res->prepare_payload();
        bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec || !res->keep_alive()) return;
            self->do_read();
        });
    }
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    bhttp::request<bhttp::string_body> req_;
};

void do_accept(tcp::acceptor& acceptor) {
    acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
        if (!ec) std::make_shared<Session>(std::move(socket))->run();
        do_accept(acceptor);
    });
}

}  // namespace

// An unexpected error ends the run with its message, not with std::terminate.
int main(int argc, char** argv) try {
    if (casetrail::common::printed_version(argc, argv, "bench-baseline-server")) return 0;
    if (argc != 3) {
        std::cerr << "usage: bench-baseline-server PORT THREADS\n";
        return 2;
    }
    const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
    const int threads = std::max(1, std::atoi(argv[2]));
    net::io_context ioc(threads);
    tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), port});
    do_accept(acceptor);
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const beast::error_code&, int) { ioc.stop(); });
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
    return 0;
} catch (const std::exception& e) {
    std::cerr << "bench-baseline-server: " << e.what() << "\n";
    return 1;
}
