// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/dossier_changes_socket.hpp"

#include <deque>
#include <set>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "common/version.hpp"

namespace casetrail::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

constexpr auto kCheckTokenEvery = std::chrono::seconds(5);

template <class Stream>
class ChangesSocket : public std::enable_shared_from_this<ChangesSocket<Stream>> {
public:
    ChangesSocket(Stream&& stream, DossierWatch watch, domain::DossierChangeFeed& feed, net::thread_pool& workers,
                  const common::Logger& log, std::function<bool()> still_valid, NoticeSocketLimits limits)
        : ws_(std::move(stream)), watch_(std::move(watch)), feed_(feed), workers_(workers), log_(log),
          timer_(ws_.get_executor()), still_valid_(std::move(still_valid)), limits_(std::move(limits)) {}

    void start(beast::http::request<beast::http::string_body> upgrade) {
        auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
        timeouts.idle_timeout = std::chrono::seconds(limits_.idle_timeout_s);
        timeouts.keep_alive_pings = true;
        ws_.set_option(timeouts);
        ws_.read_message_max(limits_.read_message_max);
        ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
            res.set(beast::http::field::server, std::string("casetrail/") + common::kVersion);
        }));
        // Watching before the upgrade is answered: a change made once the client has its answer is seen.
        std::weak_ptr<ChangesSocket> weak = this->weak_from_this();
        watch_token_ = feed_.watch(watch_.dossier_id, [weak](const std::string& what) {
            if (auto self = weak.lock()) net::post(self->ws_.get_executor(), [self, what] { self->changed(what); });
        });
        ws_.async_accept(upgrade, [self = this->shared_from_this()](beast::error_code ec) {
            if (ec) return self->closed();
            self->accepted_ = true;
            if (!self->queue_.empty()) self->do_write();
            self->log_.info("dossier stream opened",
                            {{"user", self->watch_.login}, {"case_number", self->watch_.case_number}});
            self->do_read();
            self->arm_timer();
        });
    }

private:
    void do_read() {
        ws_.async_read(in_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->closed();
            self->in_.consume(self->in_.size());
            self->do_read();
        });
    }

    void closed() {
        if (closed_) return;
        closed_ = true;
        watch_token_.reset();
        timer_.cancel();
        log_.info("dossier stream closed", {{"user", watch_.login}, {"case_number", watch_.case_number}});
    }

    void arm_timer() {
        timer_.expires_after(kCheckTokenEvery);
        timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (ec || self->closed_) return;
            net::post(self->workers_, [self] {
                bool valid = true;
                try {
                    valid = self->still_valid_();
                } catch (const std::exception&) {
                    // The database is away: the stream stays, the next check decides.
                }
                net::post(self->ws_.get_executor(), [self, valid] {
                    if (!valid)
                        return self->end("the session has ended (signed out, expired or revoked): sign in again");
                    self->arm_timer();
                });
            });
        });
    }

    // One frame per kind of change not yet sent: a burst of moves is one "location" frame.
    void changed(const std::string& what) {
        if (closed_ || pending_.count(what)) return;
        pending_.insert(what);
        queue_.push_back(what);
        if (accepted_ && !writing_) do_write();
    }

    void end(const std::string& why) {
        if (closed_) return;
        close_after_write_ = true;
        queue_.push_back(nlohmann::json{{"error", {{"code", "unauthorized"}, {"message", why}}}}.dump());
        if (accepted_ && !writing_) do_write();
    }

    void do_write() {
        if (closed_) return;
        if (queue_.empty()) {
            writing_ = false;
            if (close_after_write_) {
                ws_.async_close(websocket::close_code::policy_error,
                                [self = this->shared_from_this()](beast::error_code) { self->closed(); });
            }
            return;
        }
        writing_ = true;
        auto item = std::move(queue_.front());
        queue_.pop_front();
        if (item.front() == '{') {
            out_ = std::move(item);
        } else {
            pending_.erase(item);
            out_ = nlohmann::json{{"case_number", watch_.case_number}, {"what", item}}.dump(
                -1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        ws_.text(true);
        ws_.async_write(net::buffer(out_), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->closed();
            self->do_write();
        });
    }

    websocket::stream<Stream> ws_;
    DossierWatch watch_;
    domain::DossierChangeFeed& feed_;
    net::thread_pool& workers_;
    const common::Logger& log_;
    net::steady_timer timer_;
    beast::flat_buffer in_;
    std::deque<std::string> queue_;
    std::set<std::string> pending_;
    std::string out_;
    domain::DossierChangeFeed::Token watch_token_;
    std::function<bool()> still_valid_;
    NoticeSocketLimits limits_;  // holds the stream's slot until it is destroyed
    bool accepted_ = false, writing_ = false, closed_ = false, close_after_write_ = false;
};

template <class Stream>
void start(Stream stream, beast::http::request<beast::http::string_body> upgrade, DossierWatch watch,
           domain::DossierChangeFeed& feed, net::thread_pool& workers, const common::Logger& log,
           std::function<bool()> still_valid, NoticeSocketLimits limits) {
    std::make_shared<ChangesSocket<Stream>>(std::move(stream), std::move(watch), feed, workers, log,
                                            std::move(still_valid), std::move(limits))
        ->start(std::move(upgrade));
}

}  // namespace

void start_dossier_changes_socket(beast::tcp_stream stream, beast::http::request<beast::http::string_body> upgrade,
                                  DossierWatch watch, domain::DossierChangeFeed& feed, net::thread_pool& workers,
                                  const common::Logger& log, std::function<bool()> still_valid,
                                  NoticeSocketLimits limits) {
    start(std::move(stream), std::move(upgrade), std::move(watch), feed, workers, log, std::move(still_valid),
          std::move(limits));
}

void start_dossier_changes_socket(beast::ssl_stream<beast::tcp_stream> stream,
                                  beast::http::request<beast::http::string_body> upgrade, DossierWatch watch,
                                  domain::DossierChangeFeed& feed, net::thread_pool& workers, const common::Logger& log,
                                  std::function<bool()> still_valid, NoticeSocketLimits limits) {
    start(std::move(stream), std::move(upgrade), std::move(watch), feed, workers, log, std::move(still_valid),
          std::move(limits));
}

}  // namespace casetrail::http
