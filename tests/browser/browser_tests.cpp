// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The web UI in Debian's Chromium, driven as a person drives it (tests/browser/specs/*.mjs, with
// playwright-core), against the real simulator, gateway, server and PostgreSQL: one fresh stack per
// spec. A spec fails by exiting non-zero; its output says what it saw.

#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/support/gateway_stack.hpp"
#include "tests/support/processes.hpp"

using namespace casetrail::test;

namespace {

constexpr const char* kPassword = "correct horse battery";

std::string source(const std::string& rel) { return std::string(CT_SOURCE_DIR) + "/" + rel; }

struct UiStack {
    static StackOptions options() {
        StackOptions o;
        o.doorway = true;
        o.web_root = source("web/dist");
        return o;
    }
    UiStack() : stack(admin_conninfo(), options()) {
        stack.start_gateway();
        stack.start_server();
        for (const char* login : {"wang.li", "chen.jing", "zhao.min", "liu.yang"}) {
            const auto r = http_send(stack.http_port, "PUT", std::string("/api/v1/staff/") + login + "/password",
                                     nlohmann::json{{"password", kPassword}}.dump());
            REQUIRE(r.status == 200);
        }
        // The admin's own, as an operator sets it (an admin changing their own needs the current one).
        const auto set =
            run_command("/bin/sh", {"-c", "printf '%s\\n' \"$0\" | \"$1\" set-password --config \"$2\" --login sun.hao",
                                    kPassword, bin_path("casetrail-server"), stack.dir.file("server.json")});
        INFO(set.output);
        REQUIRE(set.status == 0);
    }
    GatewayStack stack;
};

void run_spec(const std::string& name) {
    INFO("the web UI is built by tools/test (or: cd web && npm ci && npm run build)");
    REQUIRE(std::filesystem::exists(source("web/dist/index.html")));
    INFO("the browser tests' packages are installed by tools/test (or: cd tests/browser && npm ci)");
    REQUIRE(std::filesystem::exists(source("tests/browser/node_modules/playwright-core")));
    UiStack s;
    std::vector<std::string> env{"CT_URL=http://127.0.0.1:" + std::to_string(s.stack.http_port),
                                 "CT_SIM_CONTROL=" + std::to_string(s.stack.control_port),
                                 "CT_PASSWORD=" + std::string(kPassword), "CT_DB=" + s.stack.db.conninfo(),
                                 "CT_ARTIFACTS=" + s.stack.dir.path()};
    if (const char* shots = std::getenv("CASETRAIL_SCREENSHOTS")) env.push_back(std::string("CT_SCREENSHOTS=") + shots);
    const auto r = run_command("/usr/bin/env", {"node", source("tests/browser/specs/" + name + ".mjs")}, env);
    INFO(r.output);
    INFO("server log:\n" << s.stack.server->log().substr(0, 4000));
    CHECK(r.status == 0);
}

}  // namespace

TEST_CASE("sign in and out, a wrong password told, the session cookie's rules", "[browser]") { run_spec("signin"); }
TEST_CASE("find a dossier by case number, by a scanner's EPC burst, by Chinese title words", "[browser]") {
    run_spec("search");
}
TEST_CASE("the dossier page follows a move made in the simulator without a reload", "[browser]") {
    run_spec("dossier_live");
}
TEST_CASE("a handover started by one person and confirmed by another in a second browser", "[browser]") {
    run_spec("handover");
}
TEST_CASE("check-out and check-in at the circulation desk", "[browser]") { run_spec("desk"); }
TEST_CASE("an alert arrives live and is acknowledged", "[browser]") { run_spec("alerts"); }
TEST_CASE("a case handler does not see another unit's dossier, and a cross-site POST is refused", "[browser]") {
    run_spec("scope_csrf");
}
TEST_CASE("a title with markup is shown as text everywhere", "[browser]") { run_spec("xss"); }
TEST_CASE("every screen passes an axe scan, at desktop and phone size, in both languages", "[browser]") {
    run_spec("axe_phone");
}
