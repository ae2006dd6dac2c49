// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/http_server.hpp"

#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/version.hpp"
#include "server/domain/errors.hpp"
#include "server/domain/principal.hpp"
#include "server/http/browser_session.hpp"
#include "server/http/dossier_changes_socket.hpp"
#include "server/http/location_routes.hpp"
#include "server/http/notice_socket.hpp"
#include "server/http/notice_stream_slots.hpp"
#include "server/http/security_headers.hpp"
#include "server/http/web_assets.hpp"

namespace casetrail::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The request's head as the router sees it (the body is moved in by the caller).
ApiRequest api_request(const bhttp::request<bhttp::string_body>& req, const std::string& remote, bool tls) {
    ApiRequest api;
    api.method = std::string(req.method_string());
    api.target = std::string(req.target());
    api.authorization = std::string(req[bhttp::field::authorization]);
    api.remote = remote;
    api.cookie = std::string(req[bhttp::field::cookie]);
    api.origin = std::string(req[bhttp::field::origin]);
    api.host = std::string(req[bhttp::field::host]);
    api.csrf_token = std::string(req["X-CSRF-Token"]);
    api.secure = tls;
    return api;
}

// One connection, plain or TLS: reads a request, hands it to the worker pool, writes the answer, repeats
// while keep-alive holds. All socket work happens on the connection's strand.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

public:
    Session(Stream stream, const Router& router, net::thread_pool& workers, const HttpServerOptions& opt,
            const common::Logger& log, domain::AlertService* notices, std::shared_ptr<NoticeStreamSlots> slots,
            const WebAssets* assets, const DossierChangeStreams* changes)
        : stream_(std::move(stream)), router_(router), workers_(workers), opt_(opt), log_(log), notices_(notices),
          slots_(std::move(slots)), assets_(assets), changes_(changes) {}

    void run() {
        beast::error_code ec;
        const auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
        if (!ec) remote_ = peer.address().to_string();
        net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            if constexpr (kTls) {
                self->handshake();
            } else {
                self->do_read();
            }
        });
    }

private:
    // A client that does not finish the TLS handshake in time is dropped like a slow request.
    void handshake() {
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(opt_.request_timeout_s));
        stream_.async_handshake(net::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
            if (ec) {
                self->log_.debug("TLS handshake failed", {{"peer", self->remote_}, {"error", ec.message()}});
                beast::error_code ignored;
                beast::get_lowest_layer(self->stream_).socket().close(ignored);
                return;
            }
            self->do_read();
        });
    }

    void do_read() {
        parser_.emplace();
        parser_->body_limit(opt_.body_limit);
        parser_->header_limit(static_cast<std::uint32_t>(opt_.header_limit));
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(opt_.request_timeout_s));
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::connection_reset ||
            ec == net::error::operation_aborted) {
            return close();
        }
        if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
            return send_error(413, "too_large", "the request is too large");
        }
        if (ec) return send_error(400, "bad_request", "malformed HTTP request");

        auto req = parser_->release();
        keep_alive_ = req.keep_alive();
        if (boost::beast::websocket::is_upgrade(req)) return upgrade(std::move(req));
        if (assets_ && req.method() == bhttp::verb::get) {
            const std::string target(req.target());
            if (WebAssets::is_ui_target(target)) {
                return write(assets_->serve(target, std::string(req[bhttp::field::accept_encoding])));
            }
        }
        ApiRequest api = api_request(req, remote_, kTls);
        api.body = std::move(req.body());
        beast::get_lowest_layer(stream_).expires_never();
        // The router may block on PostgreSQL: run it on the workers, then come back to the strand.
        net::post(workers_, [self = this->shared_from_this(), api = std::move(api)] {
            auto response = self->router_.handle(api);
            net::post(self->stream_.get_executor(),
                      [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
        });
    }

    // Two WebSockets: a person's notice stream, and a dossier page's stream of what changed about it;
    // the connection becomes one. The token is checked on the workers (a database round trip). A
    // browser's stream is opened with its session cookie, from this server's own page only (browsers
    // always send Origin with a WebSocket, and no CSRF token can go with one).
    void upgrade(bhttp::request<bhttp::string_body> req) {
        std::optional<NoticeStreamTarget> notice;
        std::optional<std::string> dossier;
        try {
            if (notices_) notice = notice_stream_target(std::string(req.target()));
            if (changes_ && !notice) dossier = dossier_changes_ident(std::string(req.target()));
        } catch (const domain::InvalidArgument& e) {
            return send_error(400, "invalid_argument", e.what());
        }
        if (!notice && !dossier) return send_error(404, "not_found", "no WebSocket at " + std::string(req.target()));
        const auto head = api_request(req, remote_, kTls);
        const auto credential = request_credential(head);
        if (credential.from_cookie && !same_origin(head)) {
            return send_error(403, "forbidden",
                              "a WebSocket from " + head.origin + " may not use this server's session");
        }
        net::post(workers_, [self = this->shared_from_this(), req = std::move(req), notice = std::move(notice),
                             dossier = std::move(dossier), token = credential.token]() mutable {
            auto check = self->check_upgrade(token, dossier);
            net::post(self->stream_.get_executor(), [self, req = std::move(req), notice = std::move(notice),
                                                     check = std::move(check), token]() mutable {
                if (check.refusal) {
                    self->keep_alive_ = false;
                    return self->write(std::move(*check.refusal));
                }
                if (notice) return self->open_notices(std::move(req), std::move(*notice), *check.who, token);
                self->open_changes(std::move(req), std::move(check), token);
            });
        });
    }

    struct UpgradeCheck {
        std::optional<domain::Principal> who;
        std::optional<ApiResponse> refusal;
        std::int64_t dossier_id = 0;
        std::string case_number;
    };

    // On a worker: who holds the token, and (a dossier's stream) whether they may see the dossier.
    UpgradeCheck check_upgrade(const std::string& token, const std::optional<std::string>& dossier) {
        UpgradeCheck c;
        try {
            c.who = router_.authenticate_token(token);
            if (!c.who) {
                c.refusal = unauthorized_response("this needs a token (Authorization: Bearer <token>) or a session");
            } else if (!c.who->is_person()) {
                c.refusal = error_response(403, "forbidden", "only people watch dossiers and notices");
            } else if (dossier) {
                std::tie(c.dossier_id, c.case_number) = changes_->resolve(*c.who, *dossier);
            }
        } catch (const domain::NotFound& e) {
            c.refusal = error_response(404, "not_found", e.what());
        } catch (const domain::InvalidArgument& e) {
            c.refusal = error_response(400, "invalid_argument", e.what());
        } catch (const std::exception& e) {
            log_.warn("stream check failed", {{"error", e.what()}});
            c.refusal = error_response(503, "unavailable", "the database is unavailable; try again shortly");
        }
        return c;
    }

    std::function<bool()> still_valid(const std::string& token, std::int64_t token_id) const {
        const Router& router = router_;
        return [&router, token, token_id] {
            const auto now = router.authenticate_token(token);
            return now && now->token_id == token_id;
        };
    }

    // Only the person themself streams their notices; another's stream is answered like a login that
    // does not exist.
    void open_notices(bhttp::request<bhttp::string_body> req, NoticeStreamTarget target, const domain::Principal& who,
                      const std::string& token) {
        if (who.name != target.login) {
            return send_error(404, "not_found", "no staff member has the login \"" + target.login + "\"");
        }
        auto slot = slots_->acquire(target.login);
        if (!slot) return refuse_stream(target.login, slot.error());
        beast::get_lowest_layer(stream_).expires_never();
        start_notice_socket(std::move(stream_), std::move(req), std::move(target), *notices_, workers_, log_,
                            still_valid(token, who.token_id),
                            NoticeSocketLimits{std::move(slot).value(), opt_.websockets.read_message_max,
                                               opt_.websockets.idle_timeout_s});
    }

    void open_changes(bhttp::request<bhttp::string_body> req, UpgradeCheck check, const std::string& token) {
        auto slot = slots_->acquire(check.who->name);
        if (!slot) return refuse_stream(check.who->name, slot.error());
        beast::get_lowest_layer(stream_).expires_never();
        start_dossier_changes_socket(std::move(stream_), std::move(req),
                                     DossierWatch{check.dossier_id, check.case_number, check.who->name}, changes_->feed,
                                     workers_, log_, still_valid(token, check.who->token_id),
                                     NoticeSocketLimits{std::move(slot).value(), opt_.websockets.read_message_max,
                                                        opt_.websockets.idle_timeout_s});
    }

    // Beyond a cap: refused before the upgrade is answered, so the socket goes with this answer.
    void refuse_stream(const std::string& login, NoticeStreamSlots::Refused why) {
        const auto& caps = slots_->caps();
        log_.debug(
            "notice stream refused",
            {{"user", login}, {"peer", remote_}, {"open_of_user", slots_->open_of(login)}, {"open", slots_->open()}});
        if (why == NoticeStreamSlots::Refused::person_full) {
            return send_error(429, "too_many_streams",
                              login + " has " + std::to_string(caps.per_person) +
                                  " notice streams open, the most one person may (http.websockets.max_per_person): "
                                  "close one first");
        }
        send_error(503, "unavailable",
                   "the server has " + std::to_string(caps.total) +
                       " notice streams open, its most (http.websockets.max_total); try again later");
    }

    void send_error(unsigned status, const std::string& code, const std::string& message) {
        keep_alive_ = false;
        write(error_response(status, code, message));
    }

    void write(ApiResponse response) {
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
        res->version(11);
        res->result(static_cast<bhttp::status>(response.status));
        res->set(bhttp::field::server, std::string("casetrail/") + common::kVersion);
        res->keep_alive(keep_alive_);
        for (const auto& [name, value] : security_headers(kTls)) res->set(name, value);
        for (const auto& [name, value] : response.headers) res->insert(name, value);
        if (!response.content_type.empty()) {
            res->set(bhttp::field::content_type, response.content_type);
            res->body() = std::move(response.raw);
        } else {
            res->set(bhttp::field::content_type, "application/json; charset=utf-8");
            // Text from a request can be any bytes; never let a bad byte make the answer throw.
            res->body() = response.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        res->prepare_payload();
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(opt_.request_timeout_s));
        bhttp::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec || !self->keep_alive_) return self->close();
            self->do_read();
        });
    }

    void close() {
        if constexpr (kTls) {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
                beast::error_code ignored;
                beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
            });
        } else {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    const Router& router_;
    net::thread_pool& workers_;
    const HttpServerOptions& opt_;
    const common::Logger& log_;
    domain::AlertService* notices_;
    std::shared_ptr<NoticeStreamSlots> slots_;
    const WebAssets* assets_;
    const DossierChangeStreams* changes_;
    bool keep_alive_ = false;
    std::string remote_;
};

}  // namespace

struct HttpServer::Impl {
    HttpServerOptions opt;
    const Router& router;
    common::Logger log;
    net::io_context ioc;
    net::thread_pool workers;
    tcp::acceptor acceptor;
    net::signal_set signals;
    domain::AlertService* notices;
    const DossierChangeStreams* changes;
    std::shared_ptr<NoticeStreamSlots> slots;
    std::optional<net::ssl::context> tls;
    std::optional<WebAssets> assets;

    Impl(HttpServerOptions o, const Router& r, common::Logger l, domain::AlertService* n, const DossierChangeStreams* c)
        : opt(std::move(o)), router(r), log(std::move(l)), ioc(opt.io_threads),
          workers(static_cast<std::size_t>(opt.worker_threads)), acceptor(net::make_strand(ioc)),
          signals(ioc, SIGINT, SIGTERM), notices(n), changes(c),
          slots(NoticeStreamSlots::make({opt.websockets.max_per_person, opt.websockets.max_total})) {
        if (opt.tls) tls.emplace(make_tls_context(*opt.tls));
        if (opt.web_root) assets.emplace(WebAssets::load(*opt.web_root));
    }

    // TLS 1.2 and later only; the certificate chain and key as PEM files. Clear errors for what is wrong.
    static net::ssl::context make_tls_context(const TlsOptions& t) {
        net::ssl::context ctx(net::ssl::context::tls_server);
        ctx.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                        net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 |
                        net::ssl::context::single_dh_use);
        beast::error_code ec;
        ctx.use_certificate_chain_file(t.certificate_file, ec);
        if (ec) throw std::runtime_error("http.tls.certificate_file \"" + t.certificate_file + "\": " + ec.message());
        ctx.use_private_key_file(t.private_key_file, net::ssl::context::pem, ec);
        if (ec) throw std::runtime_error("http.tls.private_key_file \"" + t.private_key_file + "\": " + ec.message());
        if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
            throw std::runtime_error("http.tls: the private key does not match the certificate");
        }
        return ctx;
    }

    const WebAssets* web() const { return assets ? &*assets : nullptr; }

    void do_accept() {
        acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == net::error::operation_aborted) return;
            if (ec) {
                log.warn("accept failed", {{"error", ec.message()}});
            } else {
                if (tls) {
                    std::make_shared<Session<TlsStream>>(TlsStream(beast::tcp_stream(std::move(socket)), *tls), router,
                                                         workers, opt, log, notices, slots, web(), changes)
                        ->run();
                } else {
                    std::make_shared<Session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), router, workers,
                                                                 opt, log, notices, slots, web(), changes)
                        ->run();
                }
            }
            do_accept();
        });
    }
};

HttpServer::HttpServer(HttpServerOptions options, const Router& router, common::Logger log,
                       domain::AlertService* notices, const DossierChangeStreams* changes)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(log), notices, changes)) {}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::listen() {
    auto& a = impl_->acceptor;
    beast::error_code ec;
    const auto address = net::ip::make_address(impl_->opt.host, ec);
    if (ec) throw std::runtime_error("http.host \"" + impl_->opt.host + "\" is not an IP address");
    const tcp::endpoint ep(address, impl_->opt.port);
    a.open(ep.protocol(), ec);
    if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(ep, ec);
    if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        throw std::runtime_error("cannot listen on " + impl_->opt.host + ":" + std::to_string(impl_->opt.port) + ": " +
                                 ec.message());
    }
    return a.local_endpoint().port();
}

void HttpServer::run() {
    impl_->signals.async_wait([this](beast::error_code ec, int signo) {
        if (ec) return;
        impl_->log.info("stopping", {{"signal", signo}});
        stop();
    });
    impl_->do_accept();
    std::vector<std::thread> extra;
    for (int i = 1; i < impl_->opt.io_threads; ++i) extra.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : extra) t.join();
    impl_->workers.join();
}

void HttpServer::stop() {
    net::post(impl_->ioc, [this] {
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
        impl_->signals.cancel(ignored);
        impl_->ioc.stop();
    });
}

}  // namespace casetrail::http
