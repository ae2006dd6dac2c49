// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The web UI's built files (web/dist), read into memory at start and served at / (the API keeps /api/).
// Vite names assets by their content's hash, so /assets/ answers are cached for a year; index.html is
// never cached, so a new release is seen at the next load. Any other path that names no file is a screen
// of the single-page application (/dossiers/2026-0001): it gets index.html. A `.gz` next to a file is
// sent instead when the client accepts gzip.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "server/http/api_types.hpp"

namespace casetrail::http {

class WebAssets {
public:
    // Throws std::runtime_error naming the folder when it cannot be read or holds no index.html.
    static WebAssets load(const std::filesystem::path& root);

    // Whether a GET of this target is the UI's (everything outside /api/).
    static bool is_ui_target(std::string_view target);
    // The answer to a GET of `target` (path and query).
    ApiResponse serve(std::string_view target, std::string_view accept_encoding) const;

    std::size_t file_count() const { return files_.size(); }

private:
    struct File {
        std::string body;
        std::string gzip;  // empty: none
        std::string type;
        std::string cache_control;
    };
    ApiResponse answer(const File& file, bool gzip_ok) const;

    std::map<std::string, File, std::less<>> files_;
};

// The MIME type for a file name (by extension); application/octet-stream for one we do not know.
std::string mime_type_for(std::string_view name);

// Whether an Accept-Encoding header accepts gzip (not refused with q=0).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace casetrail::http
