// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/http_client.hpp"

#include <type_traits>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "tools/cli/tls_client.hpp"

namespace casetrail::cli {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

ServerUrl parse_server_url(const std::string& url) {
    ServerUrl s;
    std::string rest;
    if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
    } else if (url.rfind("https://", 0) == 0) {
        rest = url.substr(8);
        s.tls = true;
    } else {
        throw std::invalid_argument("server URL must start with http:// or https://: " + url);
    }
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (rest.empty() || rest.find('/') != std::string::npos) {
        throw std::invalid_argument("server URL must be http[s]://host[:port]: " + url);
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) {
        s.host = rest;
        s.port = s.tls ? "443" : "80";
    } else {
        s.host = rest.substr(0, colon);
        s.port = rest.substr(colon + 1);
        if (s.port.empty() || s.port.find_first_not_of("0123456789") != std::string::npos) {
            throw std::invalid_argument("server URL has a bad port: " + url);
        }
    }
    return s;
}

namespace {

// One request and its answer, asynchronous so that the deadline holds for every step (connecting, the TLS
// handshake, writing, reading): a server that stalls cannot hang the CLI.
template <class Stream>
HttpResult exchange(net::io_context& ioc, Stream& stream, const ServerUrl& server, const std::string& method,
                    const std::string& target, const std::string& body, int timeout_s) {
    constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, server.host);
    req.set(bhttp::field::accept, "application/json");
    if (!server.token.empty()) req.set(bhttp::field::authorization, "Bearer " + server.token);
    if (!body.empty()) {
        req.set(bhttp::field::content_type, "application/json");
        req.body() = body;
    }
    req.prepare_payload();
    net::ip::tcp::resolver resolver(ioc);
    const auto endpoints = resolver.resolve(server.host, server.port);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    beast::error_code failure;
    bool done = false;
    const auto fail = [&](beast::error_code ec) { failure = ec; };
    const auto read = [&] {
        bhttp::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) {
            if (ec) return fail(ec);
            done = true;
        });
    };
    const auto write = [&] {
        bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
            if (ec) return fail(ec);
            read();
        });
    };
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(timeout_s));
    beast::get_lowest_layer(stream).async_connect(endpoints, [&](beast::error_code ec, const net::ip::tcp::endpoint&) {
        if (ec) return fail(ec);
        if constexpr (kTls) {
            stream.async_handshake(net::ssl::stream_base::client, [&](beast::error_code ec2) {
                if (ec2) return fail(ec2);
                write();
            });
        } else {
            write();
        }
    });
    ioc.run();
    if (!done) throw boost::system::system_error(failure ? failure : beast::error::timeout);
    return {res.result_int(), res.body()};
}

}  // namespace

HttpResult http_request(const ServerUrl& server, const std::string& method, const std::string& target,
                        const std::string& body, int timeout_s) {
    if (server.timeout_s > 0) timeout_s = server.timeout_s;
    try {
        net::io_context ioc;
        if (server.tls) {
            auto ctx = client_tls_context(server);
            beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
            prepare_tls(stream, server);
            // No TLS close_notify exchange: the answer is complete, and a peer that just closes would
            // make a blocking shutdown wait.
            return exchange(ioc, stream, server, method, target, body, timeout_s);
        }
        beast::tcp_stream stream(ioc);
        auto result = exchange(ioc, stream, server, method, target, body, timeout_s);
        beast::error_code ignored;
        stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        return result;
    } catch (const boost::system::system_error& e) {
        const auto why = e.code() == beast::error::timeout
                             ? "no answer within " + std::to_string(timeout_s) + " s (timed out)"
                             : e.code().message();
        throw ConnectionFailed("cannot reach the Casetrail server at " + std::string(server.tls ? "https" : "http") +
                               "://" + server.host + ":" + server.port + ": " + why);
    }
}

std::string encode_path_segment(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

}  // namespace casetrail::cli
