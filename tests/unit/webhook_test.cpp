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
    const json root = {{"webhooks", {{{"name", "sms"}, {"url", "http://10.0.0.5:8081/hook"}, {"secret", kSecret}}}}};
    const auto hooks = read_webhooks(ConfigObject(root, "server.json"));
    REQUIRE(hooks.size() == 1);
    CHECK(hooks[0].host == "10.0.0.5");
    CHECK(hooks[0].port == 8081);
    CHECK(hooks[0].path == "/hook");
    CHECK(hooks[0].max_attempts == 8);
    CHECK(read_webhooks(ConfigObject(json::object(), "server.json")).empty());

    CHECK_THAT(error_of({{"name", "sms"}, {"url", "https://x/hook"}, {"secret", kSecret}}),
               Catch::Contains("https webhooks are not supported"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "ftp://x/"}, {"secret", kSecret}}),
               Catch::Contains("is not an http:// URL"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "http://x:99999/"}, {"secret", kSecret}}),
               Catch::Contains("bad port"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "http://x/"}, {"secret", "short"}}), Catch::Contains("at least 16"));
    CHECK_THAT(error_of({{"name", "SMS!"}, {"url", "http://x/"}, {"secret", kSecret}}),
               Catch::Contains("webhooks[0].name"));
    CHECK_THAT(error_of({{"name", "sms"}, {"url", "http://x/"}, {"secret", kSecret}, {"retries", 3}}),
               Catch::Contains("retries"));
    const json twice = {{"webhooks",
                         {{{"name", "a"}, {"url", "http://x/"}, {"secret", kSecret}},
                          {{"name", "a"}, {"url", "http://y/"}, {"secret", kSecret}}}}};
    CHECK_THROWS_WITH(read_webhooks(ConfigObject(twice, "server.json")), Catch::Contains("used twice"));
}
