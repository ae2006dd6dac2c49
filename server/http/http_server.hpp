// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The HTTP/1.1 server (Boost.Beast): accepts connections, reads requests with size limits and
// timeouts, runs the router on a worker pool (handlers block on PostgreSQL, never on an io_context
// thread), and writes JSON responses; serves the web UI's files outside /api/. Every answer carries the
// security headers (security_headers.hpp). Beast stays inside http_server.cpp.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/json_log.hpp"
#include "server/http/router.hpp"

namespace casetrail::domain {
class AlertService;
class DossierChangeFeed;
}  // namespace casetrail::domain

namespace casetrail::http {

// The server's certificate (with its chain) and private key, PEM files; when given, every connection is TLS.
struct TlsOptions {
    std::string certificate_file;
    std::string private_key_file;
};

// The notice WebSockets' limits ("http.websockets").
struct WebSocketOptions {
    std::size_t max_per_person = 8;       // open streams of one person; more are answered 429
    std::size_t max_total = 1000;         // open streams in all; more are answered 503
    std::size_t read_message_max = 4096;  // a larger message from a client closes its stream (1009)
    // A client that sends nothing (not even a pong to the ping sent at half this time) is dropped.
    int idle_timeout_s = 60;
};

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: any free port
    int io_threads = 1;
    int worker_threads = 4;
    std::size_t body_limit = 64 * 1024;
    std::size_t header_limit = 8 * 1024;
    int request_timeout_s = 30;
    std::optional<TlsOptions> tls;
    WebSocketOptions websockets;
    std::optional<std::string> web_root;  // the UI's built files, served at / (none: the API alone)
};

// A dossier page's stream (GET /api/v1/dossiers/{id}/changes upgraded): the feed it watches, and the
// dossier an identifier names for the person asking (NotFound outside their scope): its id and case number.
struct DossierChangeStreams {
    domain::DossierChangeFeed& feed;
    std::function<std::pair<std::int64_t, std::string>(const domain::Principal&, const std::string& ident)> resolve;
};

class HttpServer {
public:
    // `notices`: when given, GET /api/v1/staff/{login}/notices upgraded to a WebSocket streams them;
    // `changes`: when given, so does GET /api/v1/dossiers/{id}/changes what changes about a dossier.
    // Throws std::runtime_error naming the file when the TLS certificate or key cannot be used, or the
    // folder when the web root holds no built UI.
    HttpServer(HttpServerOptions options, const Router& router, common::Logger log,
               domain::AlertService* notices = nullptr, const DossierChangeStreams* changes = nullptr);
    ~HttpServer();

    // Binds the listening socket; throws std::runtime_error when it cannot.
    std::uint16_t listen();
    // Serves until SIGINT/SIGTERM or stop(); returns after in-flight requests have finished.
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace casetrail::http
