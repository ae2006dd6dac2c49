// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A person's notices pushed over a WebSocket as they are written, from the one after the client's last
// (?after=N): nothing missed, nothing sent twice on one connection; each send is logged as a delivery.
// Brings in Beast: included only by http_server.cpp.

#include <cstddef>
#include <functional>
#include <memory>

#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "common/json_log.hpp"
#include "server/domain/alert_service.hpp"
#include "server/http/alert_routes.hpp"
#include "server/http/notice_stream_slots.hpp"

namespace casetrail::http {

// What bounds one stream: its place among the open ones (given back when it ends), the largest message a
// client may send (it has nothing to say: larger closes the stream with 1009), and how long it may stay
// silent (a ping goes out at half that; no pong, no stream).
struct NoticeSocketLimits {
    std::unique_ptr<NoticeStreamSlots::Slot> slot;
    std::size_t read_message_max = 4096;
    int idle_timeout_s = 60;
};

// Takes over the connection: answers the upgrade, then streams. Database work runs on `workers`.
// `still_valid` (run on a worker before each fetch) tells whether the token that opened the stream still
// holds; when it does not, the client is told why and the stream closes.
void start_notice_socket(boost::beast::tcp_stream stream,
                         boost::beast::http::request<boost::beast::http::string_body> upgrade,
                         NoticeStreamTarget target, domain::AlertService& service, boost::asio::thread_pool& workers,
                         const common::Logger& log, std::function<bool()> still_valid, NoticeSocketLimits limits);
// The same over TLS.
void start_notice_socket(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
                         boost::beast::http::request<boost::beast::http::string_body> upgrade,
                         NoticeStreamTarget target, domain::AlertService& service, boost::asio::thread_pool& workers,
                         const common::Logger& log, std::function<bool()> still_valid, NoticeSocketLimits limits);

}  // namespace casetrail::http
