// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A person's notices pushed over a WebSocket as they are written, from the one after the client's last
// (?after=N): nothing missed, nothing sent twice on one connection; each send is logged as a delivery.
// Brings in Beast: included only by http_server.cpp.

#include <functional>

#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "common/json_log.hpp"
#include "server/domain/alert_service.hpp"
#include "server/http/alert_routes.hpp"

namespace casetrail::http {

// Takes over the connection: answers the upgrade, then streams. Database work runs on `workers`.
// `still_valid` (run on a worker before each fetch) tells whether the token that opened the stream still
// holds; when it does not, the client is told why and the stream closes.
void start_notice_socket(boost::beast::tcp_stream stream,
                         boost::beast::http::request<boost::beast::http::string_body> upgrade,
                         NoticeStreamTarget target, domain::AlertService& service, boost::asio::thread_pool& workers,
                         const common::Logger& log, std::function<bool()> still_valid);
// The same over TLS.
void start_notice_socket(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
                         boost::beast::http::request<boost::beast::http::string_body> upgrade,
                         NoticeStreamTarget target, domain::AlertService& service, boost::asio::thread_pool& workers,
                         const common::Logger& log, std::function<bool()> still_valid);

}  // namespace casetrail::http
