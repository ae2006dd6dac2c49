// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/tls_client.hpp"

#include <stdexcept>

#include <openssl/err.h>
#include <boost/asio/ssl.hpp>

namespace casetrail::cli {

namespace net = boost::asio;
namespace beast = boost::beast;

net::ssl::context client_tls_context(const ServerUrl& server) {
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                    net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    if (server.ca_file.empty()) {
        ctx.set_default_verify_paths();
    } else {
        beast::error_code ec;
        ctx.load_verify_file(server.ca_file, ec);
        if (ec) throw std::invalid_argument("cannot use the CA file " + server.ca_file + ": " + ec.message());
    }
    ctx.set_verify_mode(net::ssl::verify_peer);
    return ctx;
}

void prepare_tls(beast::ssl_stream<beast::tcp_stream>& stream, const ServerUrl& server) {
    // The name in the certificate must be the host asked for; SNI tells a shared server which one.
    if (!SSL_set_tlsext_host_name(stream.native_handle(), server.host.c_str())) {
        throw boost::system::system_error(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category());
    }
    stream.set_verify_callback(net::ssl::host_name_verification(server.host));
}

}  // namespace casetrail::cli
