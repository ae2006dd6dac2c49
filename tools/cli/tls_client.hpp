// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The CLI's TLS client side (https:// servers): the peer verified against the system's CAs, or a CA file
// (--ca-file, $CASETRAIL_CA_FILE), and the certificate's name checked against the host asked for.
// Brings in OpenSSL: included by the files that open connections only.

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "tools/cli/http_client.hpp"

namespace casetrail::cli {

// Throws std::invalid_argument when the CA file cannot be used.
boost::asio::ssl::context client_tls_context(const ServerUrl& server);
// SNI and host name verification on a stream about to handshake.
void prepare_tls(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream, const ServerUrl& server);

}  // namespace casetrail::cli
