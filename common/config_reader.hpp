// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Reads a JSON config object field by field: each field typed, range-checked and defaulted, unknown keys
// rejected, and every message naming the file, the key path and the value.

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_log.hpp"

namespace casetrail::common {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses a JSON file; a missing file or bad JSON gives a ConfigError naming the file (and line for syntax).
nlohmann::json load_json_file(const std::string& path);
// The same for a text already read; `source` names it in messages. Nesting deeper than 64 levels (far
// beyond any config of ours) is refused before parsing.
nlohmann::json parse_json_text(const std::string& text, const std::string& source);

// A path named in a config file: absolute as given, relative ones taken from the file's own folder.
std::string resolve_beside(const std::string& config_file, const std::string& path);

class ConfigObject {
public:
    // `file` names the source in messages; `path` is this object's key path ("" for the root).
    ConfigObject(const nlohmann::json& json, std::string file, std::string path = "");

    bool has(const std::string& key) const;

    std::string string(const std::string& key) const;
    std::string string(const std::string& key, const std::string& fallback) const;
    std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max) const;
    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    double number(const std::string& key, double fallback, double min, double max) const;
    bool boolean(const std::string& key, bool fallback) const;
    LogLevel log_level(const std::string& key) const;  // debug, info (default), warn, error

    ConfigObject object(const std::string& key) const;
    std::optional<ConfigObject> optional_object(const std::string& key) const;
    std::vector<ConfigObject> objects(const std::string& key) const;  // a required, non-empty array of objects
    // The keys of an object-valued field whose keys are data (e.g. antenna numbers), in key order.
    std::vector<std::string> keys_of(const std::string& key) const;
    const nlohmann::json& raw(const std::string& key) const;

    // Rejects every key that no accessor asked for: a typo must not silently fall back to a default.
    void reject_unknown_keys() const;

    // A ConfigError that names this file and the key path.
    [[noreturn]] void fail(const std::string& key, const std::string& what) const;

    const std::string& file() const { return file_; }
    std::string path_of(const std::string& key) const;

private:
    const nlohmann::json& field(const std::string& key) const;

    const nlohmann::json* json_;
    std::string file_;
    std::string path_;
    mutable std::set<std::string> seen_;
};

}  // namespace casetrail::common
