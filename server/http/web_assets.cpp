// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/web_assets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "server/http/router.hpp"

namespace casetrail::http {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

constexpr std::string_view kForever = "public, max-age=31536000, immutable";
constexpr std::string_view kAlwaysAsk = "no-cache";
constexpr std::string_view kNever = "no-store";

}  // namespace

std::string mime_type_for(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".wasm", "application/wasm"},
    }};
    const auto n = lower(name);
    for (const auto& [ext, type] : kTypes) {
        if (ends_with(n, ext)) return std::string(type);
    }
    return "application/octet-stream";
}

bool accepts_gzip(std::string_view accept_encoding) {
    const auto header = lower(accept_encoding);
    std::size_t start = 0;
    while (start < header.size()) {
        auto end = header.find(',', start);
        if (end == std::string::npos) end = header.size();
        std::string item = header.substr(start, end - start);
        std::erase(item, ' ');
        const auto semi = item.find(';');
        const auto coding = item.substr(0, semi);
        if (coding == "gzip" || coding == "*") {
            if (semi == std::string::npos) return true;
            const auto q = item.substr(semi + 1);
            // "q=0", "q=0.0", "q=0.000" refuse; anything else accepts.
            return !(q.rfind("q=0", 0) == 0 && q.find_first_not_of("0.", 2) == std::string::npos);
        }
        start = end + 1;
    }
    return false;
}

WebAssets WebAssets::load(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        throw std::runtime_error("http.web_root \"" + root.string() +
                                 "\" is not a folder (build the UI: web/, npm run build)");
    }
    WebAssets assets;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const auto rel = entry.path().lexically_relative(root).generic_string();
        // Build records (.sources) are the build's, not the page's.
        if (ends_with(rel, ".gz") || entry.path().filename().string().front() == '.') continue;
        File f;
        f.body = read_file(entry.path());
        f.type = mime_type_for(rel);
        const fs::path gz = entry.path().string() + ".gz";
        if (fs::is_regular_file(gz, ec)) f.gzip = read_file(gz);
        f.cache_control = rel.rfind("assets/", 0) == 0 ? kForever : kAlwaysAsk;
        assets.files_.emplace("/" + rel, std::move(f));
    }
    const auto index = assets.files_.find("/index.html");
    if (index == assets.files_.end()) {
        throw std::runtime_error("http.web_root \"" + root.string() +
                                 "\" holds no index.html (build the UI: web/, npm run build)");
    }
    index->second.cache_control = kNever;
    return assets;
}

bool WebAssets::is_ui_target(std::string_view target) {
    return target != "/api" && target.rfind("/api/", 0) != 0 && target.rfind("/api?", 0) != 0;
}

ApiResponse WebAssets::answer(const File& file, bool gzip_ok) const {
    ApiResponse res;
    res.status = 200;
    res.content_type = file.type;
    const bool gz = gzip_ok && !file.gzip.empty();
    res.raw = gz ? file.gzip : file.body;
    res.headers.emplace_back("Cache-Control", file.cache_control);
    if (!file.gzip.empty()) res.headers.emplace_back("Vary", "Accept-Encoding");
    if (gz) res.headers.emplace_back("Content-Encoding", "gzip");
    return res;
}

ApiResponse WebAssets::serve(std::string_view target, std::string_view accept_encoding) const {
    const auto raw_path = target.substr(0, target.find_first_of("?#"));
    const auto path = percent_decode(raw_path);
    if (!path || path->find("..") != std::string::npos) {
        return error_response(400, "bad_request", "malformed path: " + std::string(raw_path));
    }
    const bool gzip_ok = accepts_gzip(accept_encoding);
    if (auto it = files_.find(*path); it != files_.end() && *path != "/index.html") return answer(it->second, gzip_ok);
    // Every other address is a screen's (/dossiers/2026-0001), except a missing asset.
    if (path->rfind("/assets/", 0) == 0) return error_response(404, "not_found", "no such file: " + *path);
    return answer(files_.at("/index.html"), gzip_ok);
}

}  // namespace casetrail::http
