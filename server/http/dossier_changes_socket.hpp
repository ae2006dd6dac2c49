// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A dossier page's WebSocket: one JSON text frame {"case_number", "what"} each time something about the
// dossier changes (what: location, custody, dossier, alerts), so that the page fetches that part again.
// It carries no data itself: what the page then reads goes through the API's own checks. The token is
// checked again every few seconds: signing out, expiry or revocation ends the stream.
// Brings in Beast: included only by http_server.cpp.

#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "common/json_log.hpp"
#include "server/domain/dossier_change_feed.hpp"
#include "server/http/notice_socket.hpp"

namespace casetrail::http {

struct DossierWatch {
    std::int64_t dossier_id = 0;
    std::string case_number;
    std::string login;  // who watches, for the log
};

void start_dossier_changes_socket(boost::beast::tcp_stream stream,
                                  boost::beast::http::request<boost::beast::http::string_body> upgrade,
                                  DossierWatch watch, domain::DossierChangeFeed& feed,
                                  boost::asio::thread_pool& workers, const common::Logger& log,
                                  std::function<bool()> still_valid, NoticeSocketLimits limits);
void start_dossier_changes_socket(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
                                  boost::beast::http::request<boost::beast::http::string_body> upgrade,
                                  DossierWatch watch, domain::DossierChangeFeed& feed,
                                  boost::asio::thread_pool& workers, const common::Logger& log,
                                  std::function<bool()> still_valid, NoticeSocketLimits limits);

}  // namespace casetrail::http
