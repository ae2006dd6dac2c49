// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/delivery/webhook_post.hpp"

#include <chrono>
#include <type_traits>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "common/config_reader.hpp"
#include "common/version.hpp"
#include "server/delivery/webhook_signature.hpp"

namespace casetrail::delivery {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

struct WebhookPoster::Tls {
    net::ssl::context ctx{net::ssl::context::tls_client};
};

namespace {

bool is_ip_address(const std::string& host) {
    boost::system::error_code ec;
    net::ip::make_address(host, ec);
    return !ec;
}

std::string host_header(const WebhookConfig& hook) {
    const auto host = hook.host.find(':') != std::string::npos ? "[" + hook.host + "]" : hook.host;
    return hook.port == (hook.tls ? 443 : 80) ? host : host + ":" + std::to_string(hook.port);
}

// The certificate must be issued for the URL's host (a name, or the IP address itself); SNI names it
// to a receiver that serves several.
std::string prepare_tls(TlsStream& stream, const WebhookConfig& hook) {
    SSL* ssl = stream.native_handle();
    if (is_ip_address(hook.host)) {
        if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), hook.host.c_str()) != 1) return "bad IP address";
    } else if (SSL_set1_host(ssl, hook.host.c_str()) != 1 || SSL_set_tlsext_host_name(ssl, hook.host.c_str()) != 1) {
        return "bad host name";
    }
    return "";
}

// Why a handshake failed, with OpenSSL's reason for refusing the certificate when it was that.
std::string handshake_failure(TlsStream& stream, beast::error_code ec) {
    auto why = ec == beast::error::timeout ? std::string("timed out") : ec.message();
    const auto verify = SSL_get_verify_result(stream.native_handle());
    if (verify != X509_V_OK) why += " (" + std::string(X509_verify_cert_error_string(verify)) + ")";
    return why;
}

template <class Stream>
PostResult exchange(net::io_context& ioc, Stream& stream, const WebhookConfig& hook,
                    bhttp::request<bhttp::string_body>& req) {
    constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
    net::ip::tcp::resolver resolver(ioc);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    PostResult result{false, "no answer"};
    const auto fail = [&](const char* step, beast::error_code ec) {
        result = {false, std::string(step) + ": " + (ec == beast::error::timeout ? "timed out" : ec.message())};
    };
    const auto write_and_read = [&] {
        bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
            if (ec) return fail("send", ec);
            bhttp::async_read(stream, buffer, res, [&](beast::error_code ec2, std::size_t) {
                if (ec2) return fail("answer", ec2);
                const auto status = res.result_int();
                result = {status >= 200 && status < 300, "HTTP " + std::to_string(status)};
                // No TLS close_notify exchange: the answer is complete, and a receiver that just closes
                // would hold the dispatcher until the deadline.
                beast::error_code ignored;
                beast::get_lowest_layer(stream).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
            });
        });
    };
    // One deadline for the whole exchange, the TLS handshake included.
    beast::get_lowest_layer(stream).expires_after(std::chrono::milliseconds(hook.timeout_ms));
    resolver.async_resolve(
        hook.host, std::to_string(hook.port), [&](beast::error_code ec, const net::ip::tcp::resolver::results_type& r) {
            if (ec) return fail("resolve", ec);
            beast::get_lowest_layer(stream).async_connect(r, [&](beast::error_code ec2, const net::ip::tcp::endpoint&) {
                if (ec2) return fail("connect", ec2);
                if constexpr (kTls) {
                    stream.async_handshake(net::ssl::stream_base::client, [&](beast::error_code ec3) {
                        if (ec3) {
                            result = {false, "TLS handshake: " + handshake_failure(stream, ec3)};
                            return;
                        }
                        write_and_read();
                    });
                } else {
                    write_and_read();
                }
            });
        });
    ioc.run();
    return result;
}

}  // namespace

WebhookPoster::WebhookPoster(WebhookConfig hook) : hook_(std::move(hook)) {
    if (!hook_.tls) return;
    tls_ = std::make_unique<Tls>();
    auto& ctx = tls_->ctx;
    ctx.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                    net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    if (hook_.ca_file) {
        ctx.load_verify_file(*hook_.ca_file, ec);
        if (ec) {
            throw common::ConfigError("webhook " + hook_.name + ": ca_file \"" + *hook_.ca_file +
                                      "\" holds no usable certificate: " + ec.message());
        }
    } else {
        ctx.set_default_verify_paths(ec);
        if (ec) throw common::ConfigError("webhook " + hook_.name + ": the system's CA store: " + ec.message());
    }
    ctx.set_verify_mode(net::ssl::verify_peer);
}

WebhookPoster::~WebhookPoster() = default;
WebhookPoster::WebhookPoster(WebhookPoster&&) noexcept = default;
WebhookPoster& WebhookPoster::operator=(WebhookPoster&&) noexcept = default;

PostResult WebhookPoster::post(const std::string& body, std::int64_t notice_id, int attempt) const {
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, hook_.path, 11};
    const auto timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    req.set(bhttp::field::host, host_header(hook_));
    req.set(bhttp::field::user_agent, std::string("casetrail/") + common::kVersion);
    req.set(bhttp::field::content_type, "application/json; charset=utf-8");
    req.set("X-Casetrail-Timestamp", std::to_string(timestamp));
    req.set("X-Casetrail-Signature", webhook_signature(hook_.secret, timestamp, body));
    req.set("Idempotency-Key", "casetrail-notice-" + std::to_string(notice_id));
    req.set("X-Casetrail-Attempt", std::to_string(attempt));
    req.body() = body;
    req.prepare_payload();
    // Asynchronous operations on a private io_context: Beast's timeouts apply only to those, and a
    // receiver that accepts and never answers must fail this attempt, not hang the dispatcher.
    net::io_context ioc;
    if (!tls_) {
        beast::tcp_stream stream(ioc);
        return exchange(ioc, stream, hook_, req);
    }
    TlsStream stream(ioc, tls_->ctx);
    if (const auto bad = prepare_tls(stream, hook_); !bad.empty()) return {false, "TLS: " + bad};
    return exchange(ioc, stream, hook_, req);
}

}  // namespace casetrail::delivery
