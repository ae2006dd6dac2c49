// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/config_reader.hpp"

#include "common/json_depth.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace casetrail::common {

nlohmann::json load_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_json_text(text.str(), path);
}

nlohmann::json parse_json_text(const std::string& text, const std::string& source) {
    constexpr int kMaxDepth = 64;
    if (json_nested_deeper_than(text, kMaxDepth)) {
        throw ConfigError(source + ": nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        // Not only syntax: a number beyond a double (1e999) is out_of_range (found by fuzzing).
        throw ConfigError(source + ": not valid JSON: " + e.what());
    }
}

std::string resolve_beside(const std::string& config_file, const std::string& path) {
    if (path.empty() || path.front() == '/') return path;
    const auto slash = config_file.rfind('/');
    return slash == std::string::npos ? path : config_file.substr(0, slash + 1) + path;
}

ConfigObject::ConfigObject(const nlohmann::json& json, std::string file, std::string path)
    : json_(&json), file_(std::move(file)), path_(std::move(path)) {
    if (!json_->is_object()) {
        throw ConfigError(file_ + ": " + (path_.empty() ? std::string("the top level") : path_) +
                          " must be a JSON object, not " + json_->type_name());
    }
}

std::string ConfigObject::path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

void ConfigObject::fail(const std::string& key, const std::string& what) const {
    throw ConfigError(file_ + ": " + path_of(key) + ": " + what);
}

bool ConfigObject::has(const std::string& key) const {
    seen_.insert(key);
    return json_->contains(key) && !(*json_)[key].is_null();
}

const nlohmann::json& ConfigObject::field(const std::string& key) const {
    seen_.insert(key);
    auto it = json_->find(key);
    if (it == json_->end() || it->is_null()) fail(key, "is required but missing");
    return *it;
}

const nlohmann::json& ConfigObject::raw(const std::string& key) const { return field(key); }

std::string ConfigObject::string(const std::string& key) const {
    const auto& v = field(key);
    if (!v.is_string()) fail(key, "must be a string, not " + v.dump());
    auto s = v.get<std::string>();
    if (s.empty()) fail(key, "must not be empty");
    return s;
}

std::string ConfigObject::string(const std::string& key, const std::string& fallback) const {
    return has(key) ? string(key) : fallback;
}

std::int64_t ConfigObject::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
    const auto& v = field(key);
    std::int64_t n = 0;
    if (v.is_number_integer()) {
        n = v.get<std::int64_t>();
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
            fail(key, v.dump() + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
        }
    } else if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() &&
               std::fabs(v.get<double>()) < 9.0e15) {
        n = static_cast<std::int64_t>(v.get<double>());
    } else {
        fail(key, "must be an integer, not " + v.dump());
    }
    if (n < min || n > max) {
        fail(key, std::to_string(n) + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    }
    return n;
}

std::int64_t ConfigObject::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                                   std::int64_t max) const {
    return has(key) ? integer(key, min, max) : fallback;
}

double ConfigObject::number(const std::string& key, double fallback, double min, double max) const {
    if (!has(key)) return fallback;
    const auto& v = field(key);
    if (!v.is_number()) fail(key, "must be a number, not " + v.dump());
    const double d = v.get<double>();
    if (!(d >= min && d <= max)) {
        std::ostringstream range;
        range << min << ".." << max;
        fail(key, v.dump() + " is out of range " + range.str());
    }
    return d;
}

bool ConfigObject::boolean(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& v = field(key);
    if (!v.is_boolean()) fail(key, "must be true or false, not " + v.dump());
    return v.get<bool>();
}

LogLevel ConfigObject::log_level(const std::string& key) const {
    try {
        return parse_log_level(string(key, "info"));
    } catch (const std::invalid_argument& e) {
        fail(key, e.what());
    }
}

ConfigObject ConfigObject::object(const std::string& key) const {
    const auto& v = field(key);
    if (!v.is_object()) fail(key, "must be an object, not " + v.dump());
    return ConfigObject(v, file_, path_of(key));
}

std::optional<ConfigObject> ConfigObject::optional_object(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    return object(key);
}

std::vector<ConfigObject> ConfigObject::objects(const std::string& key) const {
    const auto& v = field(key);
    if (!v.is_array()) fail(key, "must be an array, not " + v.dump());
    if (v.empty()) fail(key, "must not be empty");
    std::vector<ConfigObject> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string p = path_of(key) + "[" + std::to_string(i) + "]";
        if (!v[i].is_object()) throw ConfigError(file_ + ": " + p + ": must be an object, not " + v[i].dump());
        out.emplace_back(v[i], file_, p);
    }
    return out;
}

std::vector<std::string> ConfigObject::keys_of(const std::string& key) const {
    const auto& v = field(key);
    if (!v.is_object()) fail(key, "must be an object, not " + v.dump());
    std::vector<std::string> keys;
    for (const auto& item : v.items()) keys.push_back(item.key());
    return keys;
}

void ConfigObject::reject_unknown_keys() const {
    for (const auto& item : json_->items()) {
        if (!seen_.count(item.key())) fail(item.key(), "is not a known setting (misspelt?)");
    }
}

}  // namespace casetrail::common
