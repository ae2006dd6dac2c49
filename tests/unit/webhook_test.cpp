// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/delivery/webhook_signature.hpp"

#include <catch2/catch.hpp>

#include "server/delivery/webhook_config.hpp"

using namespace casetrail::delivery;
using casetrail::common::ConfigError;
using casetrail::common::ConfigObject;
using nlohmann::json;

namespace {
std::string error_of(const json& hook) {
    const json root = {{"webhooks", {hook}}};
    try {
        read_webhooks(ConfigObject(root, "server.json"));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}
const std::string kSecret = "0123456789abcdef";
}  // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231, and the signature covers timestamp and body", "[webhook]") {
    // RFC 4231, test case 2.
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const auto sig = webhook_signature("secret", 1700000000, "{\"a\":1}");
    CHECK(sig == "sha256=" + hmac_sha256_hex("secret", "1700000000.{\"a\":1}"));
    CHECK(sig != webhook_signature("secret", 1700000001, "{\"a\":1}"));
    CHECK(sig != webhook_signature("secret", 1700000000, "{\"a\":2}"));
    CHECK(sig != webhook_signature("secreT", 1700000000, "{\"a\":1}"));
}

TEST_CASE("webhook configuration: URL, secret and limits checked", "[webhook]") {
    const json root = {
        {"webhooks", {{{"name", "sms"}, {"url", "https://sms.example:8443/hook"}, {"secret", kSecret}}}}};
    const auto hooks = read_webhooks(ConfigObject(root, "server.json"));
    REQUIRE(hooks.size() == 1);
    CHECK(hooks[0].tls);
    CHECK(hooks[0].host == "sms.example");
    CHECK(hooks[0].port == 8443);
    CHECK(hooks[0].path == "/hook");
    CHECK(hooks[0].max_attempts == 8);
    CHECK_FALSE(hooks[0].ca_file);
    CHECK(hooks[0].url() == "https://sms.example:8443/hook");
    CHECK(read_webhooks(ConfigObject(json::object(), "server.json")).empty());

    CHECK_THAT(error_of({{"name", "sms"}, {"url", "ftp://x/"}, {"secret", kSecret}}),
               Catch::Contains("is not an https:// URL"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://x:99999/"}, {"secret", kSecret}}),
               Catch::Contains("bad port"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://x:/"}, {"secret", kSecret}}), Catch::Contains("bad port"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://user:pw@x/"}, {"secret", kSecret}}),
               Catch::Contains("names a user"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://x_y%20/"}, {"secret", kSecret}}),
               Catch::Contains("is not a host name"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://[fe80::1/"}, {"secret", kSecret}}),
               Catch::Contains("closing ']'"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://x/"}, {"secret", "short"}}), Catch::Contains("at least 16"));
    CHECK_THAT(error_of({{"name", "SMS!"}, {"url", "https://x/"}, {"secret", kSecret}}),
               Catch::Contains("webhooks[0].name"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://x/"}, {"secret", kSecret}, {"retries", 3}}),
               Catch::Contains("retries"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://x/"}, {"secret", kSecret}, {"ca_file", "/nonexistent.pem"}}),
               Catch::Contains("webhooks[0].ca_file: \"/nonexistent.pem\" cannot be read"));
    const json twice = {{"webhooks",
                         {{{"name", "a"}, {"url", "https://x/"}, {"secret", kSecret}},
                          {{"name", "a"}, {"url", "https://y/"}, {"secret", kSecret}}}}};
    CHECK_THROWS_WITH(read_webhooks(ConfigObject(twice, "server.json")), Catch::Contains("used twice"));
}

TEST_CASE("a webhook over plain http is refused, but for a loopback receiver allowed it in so many words",
          "[webhook]") {
    // Across the network: refused, whatever the config says.
    for (const char* url : {"http://10.0.0.5:8081/hook", "http://sms.example/hook", "http://localhost:9090/",
                            "http://[fe80::1]/hook", "http://[::ffff:127.0.0.1]/"}) {
        INFO(url);
        CHECK_THAT(error_of({{"name", "sms"}, {"url", url}, {"secret", kSecret}, {"allow_plain_http_loopback", true}}),
                   Catch::Contains("webhooks[0].url") && Catch::Contains("plain http is refused") &&
                       Catch::Contains("use https://"));
    }
    // To this machine: only when said.
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "http://127.0.0.1:9090/"}, {"secret", kSecret}}),
               Catch::Contains("needs \"allow_plain_http_loopback\": true"));
    for (const char* url : {"http://127.0.0.1:9090/casetrail", "http://127.0.0.2/", "http://[::1]:9090/"}) {
        INFO(url);
        const json root = {
            {"webhooks",
             {{{"name", "relay"}, {"url", url}, {"secret", kSecret}, {"allow_plain_http_loopback", true}}}}};
        const auto hooks = read_webhooks(ConfigObject(root, "server.json"));
        REQUIRE(hooks.size() == 1);
        CHECK_FALSE(hooks[0].tls);
    }
    const json v6 = {{"webhooks",
                      {{{"name", "relay"},
                        {"url", "http://[::1]:9090/x"},
                        {"secret", kSecret},
                        {"allow_plain_http_loopback", true}}}}};
    const auto hook = read_webhooks(ConfigObject(v6, "server.json")).at(0);
    CHECK(hook.host == "::1");
    CHECK(hook.port == 9090);
    CHECK(hook.url() == "http://[::1]:9090/x");
    // The switch and a CA file mean nothing for the other scheme: refused rather than ignored.
    CHECK_THAT(
        error_of({{"name", "sms"}, {"url", "https://x/"}, {"secret", kSecret}, {"allow_plain_http_loopback", true}}),
        Catch::Contains("allow_plain_http_loopback: is only for an http:// URL"));
    CHECK_THAT(error_of({{"name", "sms"},
                         {"url", "http://127.0.0.1/"},
                         {"secret", kSecret},
                         {"allow_plain_http_loopback", true},
                         {"ca_file", "ca.pem"}}),
               Catch::Contains("ca_file: is only for an https:// URL"));
}
