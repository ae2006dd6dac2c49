// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A minimal blocking HTTP/1.1 client for the CLI (Boost.Beast inside the .cpp only).

#include <stdexcept>
#include <string>

namespace casetrail::cli {

struct HttpResult {
    unsigned status = 0;
    std::string body;
};

class ConnectionFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServerUrl {
    std::string host;
    std::string port;
    std::string token;  // sent as "Authorization: Bearer"; empty: none
    bool tls = false;   // https://: the server's certificate verified against the system's CAs or ca_file
    std::string ca_file;
    int timeout_s = 0;  // > 0: every request must be answered within it (--timeout), whatever the command's own
};

// Accepts "http://host[:port]" or "https://host[:port]" (a trailing slash is allowed); throws
// std::invalid_argument otherwise.
ServerUrl parse_server_url(const std::string& url);

// One request (a JSON body unless empty), answered within `timeout_s` (connecting and TLS included); throws
// ConnectionFailed when the server cannot be reached, the exchange breaks or the time runs out.
HttpResult http_request(const ServerUrl& server, const std::string& method, const std::string& target,
                        const std::string& body, int timeout_s = 10);
inline HttpResult http_get(const ServerUrl& server, const std::string& target, int timeout_s = 10) {
    return http_request(server, "GET", target, "", timeout_s);
}

// Percent-encodes one path segment (everything but unreserved characters).
std::string encode_path_segment(const std::string& text);

}  // namespace casetrail::cli
