// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/notice_socket.hpp"

#include <deque>
#include <functional>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "common/pg/store_errors.hpp"
#include "common/version.hpp"
#include "server/domain/errors.hpp"

namespace casetrail::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

constexpr int kBatch = 200;
// A safety net: the bell rings when this server writes notices; another process (a second server)
// would not ring it.
constexpr auto kPollEvery = std::chrono::seconds(5);

template <class Stream>
class NoticeSocket : public std::enable_shared_from_this<NoticeSocket<Stream>> {
public:
    NoticeSocket(Stream&& stream, NoticeStreamTarget target, domain::AlertService& service, net::thread_pool& workers,
                 const common::Logger& log, std::function<bool()> still_valid, NoticeSocketLimits limits)
        : ws_(std::move(stream)), target_(std::move(target)), after_(target_.after), service_(service),
          workers_(workers), log_(log), timer_(ws_.get_executor()), still_valid_(std::move(still_valid)),
          limits_(std::move(limits)) {}

    void start(beast::http::request<beast::http::string_body> upgrade) {
        beast::get_lowest_layer(ws_).expires_never();
        auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
        timeouts.idle_timeout = std::chrono::seconds(limits_.idle_timeout_s);
        timeouts.keep_alive_pings = true;
        ws_.set_option(timeouts);
        ws_.read_message_max(limits_.read_message_max);
        ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
            res.set(beast::http::field::server, std::string("casetrail/") + common::kVersion);
        }));
        beast::error_code ec;
        const auto peer = beast::get_lowest_layer(ws_).socket().remote_endpoint(ec);
        peer_ = ec ? std::string("?") : peer.address().to_string() + ":" + std::to_string(peer.port());
        ws_.async_accept(upgrade, [self = this->shared_from_this()](beast::error_code e) { self->on_accept(e); });
    }

private:
    void on_accept(beast::error_code ec) {
        if (ec) return;
        log_.info("notice stream opened", {{"user", target_.login}, {"after", after_}, {"peer", peer_}});
        std::weak_ptr<NoticeSocket> weak = this->weak_from_this();
        bell_token_ = service_.bell().subscribe([weak] {
            if (auto self = weak.lock()) net::post(self->ws_.get_executor(), [self] { self->fetch(); });
        });
        do_read();
        fetch();
        arm_timer();
    }

    // The client sends nothing we need; reading keeps pings answered and tells when it goes.
    void do_read() {
        ws_.async_read(in_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->closed(ec);
            self->in_.consume(self->in_.size());
            self->do_read();
        });
    }

    // `why`: what ended it (the client went, a message too big, silence past the idle timeout).
    void closed(beast::error_code why = {}) {
        if (closed_) return;
        closed_ = true;
        bell_token_.reset();
        timer_.cancel();
        log_.info("notice stream closed", {{"user", target_.login},
                                           {"last_sent", after_},
                                           {"peer", peer_},
                                           {"why", why ? why.message() : std::string("closed")}});
    }

    void arm_timer() {
        timer_.expires_after(kPollEvery);
        timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (ec || self->closed_) return;
            self->fetch();
            self->arm_timer();
        });
    }

    void fetch() {
        if (closed_) return;
        if (fetching_ || queue_.size() >= static_cast<std::size_t>(kBatch)) {
            again_ = true;
            return;
        }
        fetching_ = true;
        again_ = false;
        net::post(workers_, [self = this->shared_from_this(), after = after_] {
            std::vector<nlohmann::json> items;
            std::string error, code = "invalid_argument";
            bool fatal = false;
            try {
                // The token is checked again before every fetch (at least every few seconds): a stream ends
                // when its token is revoked or expires, as any request would be refused.
                if (self->still_valid_ && !self->still_valid_()) {
                    error = "the token is no longer valid (revoked, expired or logged out): log in again";
                    code = "unauthorized";
                    fatal = true;
                } else {
                    items = self->service_.notices_after(self->target_.login, after, kBatch);
                }
            } catch (const pg::StoreUnknown& e) {
                error = e.what();
                fatal = true;
            } catch (const domain::InvalidArgument& e) {
                error = e.what();
                fatal = true;
            } catch (const std::exception& e) {
                error = e.what();  // the database is away: the timer tries again
            }
            net::post(self->ws_.get_executor(), [self, items = std::move(items), error, code, fatal]() mutable {
                // Nothing may escape into the io_context: it would stop the whole server.
                try {
                    self->on_fetched(std::move(items), error, code, fatal);
                } catch (const std::exception& e) {
                    self->log_.error("notice stream failed", {{"user", self->target_.login}, {"error", e.what()}});
                    self->closed();
                }
            });
        });
    }

    void on_fetched(std::vector<nlohmann::json> items, const std::string& error, const std::string& code, bool fatal) {
        fetching_ = false;
        if (closed_) return;
        if (fatal) {
            // The message quotes the login from the URL: any bytes; never let them make the dump throw.
            queue_.push_back(nlohmann::json{{"error", {{"code", code}, {"message", error}}}}.dump(
                -1, ' ', false, nlohmann::json::error_handler_t::replace));
            close_after_write_ = true;
        } else if (!error.empty()) {
            log_.warn("notice stream waiting for the database", {{"user", target_.login}, {"error", error}});
        }
        for (auto& item : items) {
            after_ = item.at("notice").get<std::int64_t>();
            unlogged_.push_back(after_);
            queue_.push_back(item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
        if (!writing_) do_write();
        // More waiting (a full batch, or a ring meanwhile): fetched once the queue has drained, so that a
        // client resuming from long ago does not have the whole history loaded at once.
        if (!fatal && (items.size() == static_cast<std::size_t>(kBatch) || again_)) {
            again_ = true;
            if (queue_.size() < static_cast<std::size_t>(kBatch / 2)) fetch();
        }
    }

    void do_write() {
        if (closed_) return;
        if (queue_.empty()) {
            writing_ = false;
            log_sent();
            if (close_after_write_) {
                ws_.async_close(websocket::close_code::policy_error,
                                [self = this->shared_from_this()](beast::error_code) { self->closed(); });
            } else if (again_) {
                fetch();
            }
            return;
        }
        writing_ = true;
        ws_.text(true);
        ws_.async_write(net::buffer(queue_.front()),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return self->closed(ec);
                            self->queue_.pop_front();
                            self->do_write();
                        });
    }

    void log_sent() {
        if (unlogged_.empty()) return;
        net::post(workers_, [self = this->shared_from_this(), ids = std::move(unlogged_)] {
            try {
                self->service_.delivered_on_websocket(ids, "websocket " + self->peer_);
            } catch (const std::exception& e) {
                self->log_.warn("notice delivery not logged", {{"user", self->target_.login}, {"error", e.what()}});
            }
        });
        unlogged_.clear();
    }

    websocket::stream<Stream> ws_;
    NoticeStreamTarget target_;
    std::int64_t after_;
    domain::AlertService& service_;
    net::thread_pool& workers_;
    const common::Logger& log_;
    net::steady_timer timer_;
    beast::flat_buffer in_;
    std::deque<std::string> queue_;
    std::vector<std::int64_t> unlogged_;
    domain::NoticeBell::Token bell_token_;
    std::string peer_;
    std::function<bool()> still_valid_;
    NoticeSocketLimits limits_;  // holds the stream's slot until it is destroyed
    bool fetching_ = false, again_ = false, writing_ = false, closed_ = false, close_after_write_ = false;
};

}  // namespace

void start_notice_socket(beast::tcp_stream stream, beast::http::request<beast::http::string_body> upgrade,
                         NoticeStreamTarget target, domain::AlertService& service, net::thread_pool& workers,
                         const common::Logger& log, std::function<bool()> still_valid, NoticeSocketLimits limits) {
    std::make_shared<NoticeSocket<beast::tcp_stream>>(std::move(stream), std::move(target), service, workers, log,
                                                      std::move(still_valid), std::move(limits))
        ->start(std::move(upgrade));
}

void start_notice_socket(beast::ssl_stream<beast::tcp_stream> stream,
                         beast::http::request<beast::http::string_body> upgrade, NoticeStreamTarget target,
                         domain::AlertService& service, net::thread_pool& workers, const common::Logger& log,
                         std::function<bool()> still_valid, NoticeSocketLimits limits) {
    std::make_shared<NoticeSocket<beast::ssl_stream<beast::tcp_stream>>>(
        std::move(stream), std::move(target), service, workers, log, std::move(still_valid), std::move(limits))
        ->start(std::move(upgrade));
}

}  // namespace casetrail::http
