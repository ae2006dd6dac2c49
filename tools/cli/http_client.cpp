#include "cli/http_client.hpp"

#include "cli/tls_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace casetrail::cli {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

ServerUrl parse_server_url(const std::string& url) {
    ServerUrl s;
    std::string rest;
    if (url.rfind("http://", 0) == 0) {
        rest = url.substr(7);
    } else if (url.rfind("https://", 0) == 0) {
        rest = url.substr(8);
        s.tls = true;
    } else {
        throw std::invalid_argument("server URL must start with http:// or https://: " + url);
    }
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (rest.empty() || rest.find('/') != std::string::npos) {
        throw std::invalid_argument("server URL must be http[s]://host[:port]: " + url);
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) {
        s.host = rest;
        s.port = s.tls ? "443" : "80";
    } else {
        s.host = rest.substr(0, colon);
        s.port = rest.substr(colon + 1);
        if (s.port.empty() || s.port.find_first_not_of("0123456789") != std::string::npos) {
            throw std::invalid_argument("server URL has a bad port: " + url);
        }
    }
    return s;
}

namespace {

template <class Stream>
HttpResult exchange(Stream& stream, const ServerUrl& server, const std::string& method, const std::string& target,
                    const std::string& body) {
        bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
        req.set(bhttp::field::host, server.host);
        req.set(bhttp::field::accept, "application/json");
        if (!server.token.empty()) req.set(bhttp::field::authorization, "Bearer " + server.token);
        if (!body.empty()) {
            req.set(bhttp::field::content_type, "application/json");
            req.body() = body;
        }
        req.prepare_payload();
        bhttp::write(stream, req);
        beast::flat_buffer buffer;
        bhttp::response<bhttp::string_body> res;
        bhttp::read(stream, buffer, res);
        return {res.result_int(), res.body()};
}

}  // namespace

HttpResult http_request(const ServerUrl& server, const std::string& method, const std::string& target,
                        const std::string& body, int timeout_s) {
    try {
        net::io_context ioc;
        net::ip::tcp::resolver resolver(ioc);
        if (server.tls) {
            auto ctx = client_tls_context(server);
            beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
            prepare_tls(stream, server);
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(timeout_s));
            beast::get_lowest_layer(stream).connect(resolver.resolve(server.host, server.port));
            stream.handshake(net::ssl::stream_base::client);
            auto result = exchange(stream, server, method, target, body);
            beast::error_code ignored;
            stream.shutdown(ignored);  // a peer that just closes is fine: the answer is complete
            return result;
        }
        beast::tcp_stream stream(ioc);
        stream.expires_after(std::chrono::seconds(timeout_s));
        stream.connect(resolver.resolve(server.host, server.port));
        auto result = exchange(stream, server, method, target, body);
        beast::error_code ignored;
        stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
        return result;
    } catch (const boost::system::system_error& e) {
        throw ConnectionFailed("cannot reach the Casetrail server at " + std::string(server.tls ? "https" : "http") +
                               "://" + server.host + ":" + server.port + ": " + e.code().message());
    }
}

std::string encode_path_segment(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

}  // namespace casetrail::cli
