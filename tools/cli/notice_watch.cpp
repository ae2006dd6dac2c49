// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/notice_watch.hpp"

#include <csignal>
#include <iostream>
#include <thread>
#include <type_traits>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <nlohmann/json.hpp>

#include "tools/cli/alert_render.hpp"
#include "tools/cli/tls_client.hpp"

namespace casetrail::cli {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

enum class Ended { stopped, dropped, refused, done };

// One connection: prints notices until stopped, done, refused or dropped; `after` follows what was printed.
template <class NextLayer>
Ended follow_over(net::io_context& ioc, websocket::stream<NextLayer>& ws, const ServerUrl& server,
                  const std::string& login, std::int64_t& after, std::optional<long>& left) {
    constexpr bool kTls = std::is_same_v<NextLayer, beast::ssl_stream<beast::tcp_stream>>;
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    Ended ended = Ended::dropped;
    signals.async_wait([&](beast::error_code ec, int) {
        if (ec) return;
        ended = Ended::stopped;
        beast::get_lowest_layer(ws).cancel();
    });
    beast::flat_buffer buffer;
    std::function<void()> read = [&] {
        ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
            if (ec) {
                signals.cancel();
                return;
            }
            const auto notice = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
            buffer.consume(buffer.size());
            std::cout << render_notice(notice) << std::flush;
            if (notice.is_object() && notice.contains("error")) {
                ended = Ended::refused;
            } else if (notice.is_object() && notice.contains("notice")) {
                after = notice["notice"].get<std::int64_t>();
                if (left && --*left <= 0) ended = Ended::done;
            }
            if (ended == Ended::refused || ended == Ended::done) {
                signals.cancel();
                beast::get_lowest_layer(ws).cancel();
                return;
            }
            read();
        });
    };
    // Asynchronous all the way, so that the timeouts hold for connecting and the handshake too.
    websocket::response_type refusal;  // the server's answer when it declines the upgrade
    const auto failed = [&](beast::error_code ec) {
        signals.cancel();
        if (ended == Ended::stopped) return;
        std::string why = ec == beast::error::timeout ? std::string("timed out") : ec.message();
        if (ec == websocket::error::upgrade_declined) {
            const auto body = nlohmann::json::parse(refusal.body(), nullptr, false);
            if (body.is_object() && body.contains("error")) why = body["error"].value("message", why);
        }
        std::cerr << "casetrail: cannot follow " << login << "'s notices: " << why << "\n";
        if (ec == websocket::error::upgrade_declined) ended = Ended::refused;
        // Nothing more to wait for on this connection (a declined upgrade leaves the WebSocket's 30 s
        // handshake timer armed, which would hold run() until it fires).
        ioc.stop();
    };
    net::ip::tcp::resolver resolver(ioc);
    const auto target = "/api/v1/staff/" + encode_path_segment(login) + "/notices?after=" + std::to_string(after);
    resolver.async_resolve(server.host, server.port, [&](beast::error_code ec, net::ip::tcp::resolver::results_type r) {
        if (ec) return failed(ec);
        beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
        beast::get_lowest_layer(ws).async_connect(r, [&](beast::error_code ec2, const net::ip::tcp::endpoint&) {
            if (ec2) return failed(ec2);
            // The connection's timer stays armed through the TLS handshake; the WebSocket's own timeouts
            // take over from the upgrade on.
            if constexpr (!kTls) beast::get_lowest_layer(ws).expires_never();
            ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
            if (!server.token.empty()) {
                ws.set_option(websocket::stream_base::decorator([token = server.token](websocket::request_type& req) {
                    req.set(beast::http::field::authorization, "Bearer " + token);
                }));
            }
            const auto upgrade = [&] {
                ws.async_handshake(refusal, server.host, target, [&](beast::error_code ec3) {
                    if (ec3) return failed(ec3);
                    read();
                });
            };
            if constexpr (kTls) {
                ws.next_layer().async_handshake(net::ssl::stream_base::client, [&, upgrade](beast::error_code ec4) {
                    if (ec4) return failed(ec4);
                    beast::get_lowest_layer(ws).expires_never();
                    upgrade();
                });
            } else {
                upgrade();
            }
        });
    });
    ioc.run();
    return ended;
}

Ended follow(const ServerUrl& server, const std::string& login, std::int64_t& after, std::optional<long>& left) {
    net::io_context ioc;
    if (server.tls) {
        auto ctx = client_tls_context(server);
        websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(ioc, ctx);
        prepare_tls(ws.next_layer(), server);
        return follow_over(ioc, ws, server, login, after, left);
    }
    websocket::stream<beast::tcp_stream> ws(ioc);
    return follow_over(ioc, ws, server, login, after, left);
}

}  // namespace

int watch_notices(const ServerUrl& server, const std::string& login, std::int64_t after, std::optional<long> count) {
    auto backoff = std::chrono::milliseconds(500);
    while (true) {
        switch (follow(server, login, after, count)) {
            case Ended::stopped:
            case Ended::done: return 0;
            case Ended::refused: return 2;
            case Ended::dropped:
                std::cerr << "casetrail: connection lost; resuming after notice " << after << "\n";
                std::this_thread::sleep_for(backoff);
                backoff = std::min(backoff * 2, std::chrono::milliseconds(10000));
        }
    }
}

}  // namespace casetrail::cli
