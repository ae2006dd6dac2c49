// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The UI's files as the server serves them: index.html never cached, hashed assets cached for a year,
// every other path a screen (index.html), gzip when accepted, types by extension, clear refusals.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "server/http/web_assets.hpp"

using namespace casetrail::http;
namespace fs = std::filesystem;

namespace {

struct Dist {
    fs::path root = fs::temp_directory_path() / ("ct-web-" + std::to_string(::getpid()));
    Dist() {
        fs::remove_all(root);
        fs::create_directories(root / "assets");
        write("index.html", "<!doctype html><title>x</title>");
        write("index.html.gz", "GZ-INDEX");
        write("assets/app-3f2a.js", "console.log(1)");
        write("assets/app-3f2a.js.gz", "GZ-APP");
        write("assets/app-3f2a.css", "body{}");
        write("favicon.svg", "<svg/>");
        write(".sources", "digest");
    }
    ~Dist() { fs::remove_all(root); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(root / name, std::ios::binary) << text;
    }
};

std::string header(const ApiResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return "";
}

}  // namespace

TEST_CASE("index.html is never cached and answers every screen's address", "[http][web]") {
    Dist d;
    const auto assets = WebAssets::load(d.root);
    CHECK(assets.file_count() == 4);
    for (const char* target : {"/", "/index.html", "/dossiers/2026-CR-0001", "/dossiers/2026.CR.7?x=1", "/desk"}) {
        INFO(target);
        const auto r = assets.serve(target, "");
        CHECK(r.status == 200);
        CHECK(r.content_type == "text/html; charset=utf-8");
        CHECK(r.raw == "<!doctype html><title>x</title>");
        CHECK(header(r, "Cache-Control") == "no-store");
    }
    CHECK(assets.serve("/", "gzip, deflate, br").raw == "GZ-INDEX");
}

TEST_CASE("hashed assets are cached for a year and sent gzipped when the client accepts it", "[http][web]") {
    Dist d;
    const auto assets = WebAssets::load(d.root);
    auto r = assets.serve("/assets/app-3f2a.js", "gzip, deflate");
    CHECK(r.status == 200);
    CHECK(r.content_type == "text/javascript; charset=utf-8");
    CHECK(r.raw == "GZ-APP");
    CHECK(header(r, "Content-Encoding") == "gzip");
    CHECK(header(r, "Vary") == "Accept-Encoding");
    CHECK(header(r, "Cache-Control") == "public, max-age=31536000, immutable");
    for (const char* refusing : {"", "identity", "gzip;q=0", "br, gzip; q=0.0"}) {
        INFO(refusing);
        r = assets.serve("/assets/app-3f2a.js", refusing);
        CHECK(r.raw == "console.log(1)");
        CHECK(header(r, "Content-Encoding").empty());
    }
    r = assets.serve("/assets/app-3f2a.css", "gzip");
    CHECK(r.content_type == "text/css; charset=utf-8");
    CHECK(r.raw == "body{}");
    CHECK(header(r, "Vary").empty());
    r = assets.serve("/favicon.svg", "");
    CHECK(r.content_type == "image/svg+xml");
    CHECK(header(r, "Cache-Control") == "no-cache");
}

TEST_CASE("a missing asset is 404, a climbing path 400, a folder without the UI refused", "[http][web]") {
    Dist d;
    const auto assets = WebAssets::load(d.root);
    CHECK(assets.serve("/assets/old-1234.js", "").status == 404);
    CHECK(assets.serve("/.sources", "").raw != "digest");  // not served: the page's index instead
    CHECK(assets.serve("/assets/../index.html", "").status == 400);
    CHECK(assets.serve("/%2e%2e/etc/passwd", "").status == 400);
    CHECK(assets.serve("/bad%zz", "").status == 400);
    CHECK(WebAssets::is_ui_target("/"));
    CHECK(WebAssets::is_ui_target("/apiary"));
    CHECK_FALSE(WebAssets::is_ui_target("/api/v1/health"));
    CHECK_FALSE(WebAssets::is_ui_target("/api"));
    fs::remove(d.root / "index.html");
    CHECK_THROWS_WITH(WebAssets::load(d.root), Catch::Contains("no index.html"));
    CHECK_THROWS_WITH(WebAssets::load(d.root / "nowhere"), Catch::Contains("is not a folder"));
    CHECK(mime_type_for("x.WOFF2") == "font/woff2");
    CHECK(mime_type_for("x.bin") == "application/octet-stream");
    CHECK(accepts_gzip("*"));
    CHECK_FALSE(accepts_gzip("gzipx"));
}
