// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/json_body.hpp"

#include "common/json_depth.hpp"
#include "common/time_format.hpp"
#include "server/domain/errors.hpp"

namespace casetrail::http {

namespace {

// Deeper than any request of ours needs; checked before parsing, so that a body of nested brackets
// costs neither stack nor memory.
constexpr int kMaxDepth = 32;

}  // namespace

JsonBody JsonBody::parse(const std::string& text) {
    if (common::json_nested_deeper_than(text, kMaxDepth)) {
        throw domain::InvalidArgument("the request body is nested deeper than " + std::to_string(kMaxDepth) +
                                      " levels");
    }
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) throw domain::InvalidArgument("the request body is not valid JSON");
    if (!json.is_object()) throw domain::InvalidArgument("the request body must be a JSON object");
    return JsonBody(json, "");
}

JsonBody::JsonBody(const nlohmann::json& object, std::string path) : json_(object), path_(std::move(path)) {}

void JsonBody::fail(const std::string& key, const std::string& what) const {
    throw domain::InvalidArgument((path_.empty() ? key : path_ + "." + key) + ": " + what);
}

const nlohmann::json* JsonBody::field(const std::string& key) const {
    seen_.insert(key);
    auto it = json_.find(key);
    if (it == json_.end() || it->is_null()) return nullptr;
    return &*it;
}

bool JsonBody::has(const std::string& key) const { return field(key) != nullptr; }

std::string JsonBody::text(const std::string& key) const {
    auto v = optional_text(key);
    if (!v) fail(key, "is required");
    return *v;
}

std::optional<std::string> JsonBody::optional_text(const std::string& key) const {
    const auto* f = field(key);
    if (!f) return std::nullopt;
    if (!f->is_string()) fail(key, "must be a string");
    return f->get<std::string>();
}

std::int64_t JsonBody::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) const {
    const auto* f = field(key);
    if (!f) return fallback;
    if (!f->is_number_integer()) fail(key, "must be an integer");
    const auto v = f->get<std::int64_t>();
    if (v < min || v > max)
        fail(key, std::to_string(v) + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    return v;
}

std::chrono::system_clock::time_point JsonBody::time(const std::string& key) const {
    const auto text_value = optional_text(key);
    if (!text_value) fail(key, "is required");
    const auto t = common::parse_utc(*text_value);
    if (!t) fail(key, "\"" + *text_value + "\" is not an RFC 3339 time (2026-12-01T09:30:00Z, or with an offset)");
    return *t;
}

std::vector<std::string> JsonBody::texts(const std::string& key) const {
    const auto* f = field(key);
    std::vector<std::string> out;
    if (!f) return out;
    if (!f->is_array()) fail(key, "must be an array of strings");
    for (const auto& v : *f) {
        if (!v.is_string()) fail(key, "must be an array of strings");
        out.push_back(v.get<std::string>());
    }
    return out;
}

std::vector<JsonBody> JsonBody::objects(const std::string& key) const {
    const auto* f = field(key);
    std::vector<JsonBody> out;
    if (!f) return out;
    if (!f->is_array()) fail(key, "must be an array of objects");
    for (std::size_t i = 0; i < f->size(); ++i) {
        if (!(*f)[i].is_object()) fail(key, "must be an array of objects");
        out.emplace_back((*f)[i], (path_.empty() ? key : path_ + "." + key) + "[" + std::to_string(i) + "]");
    }
    return out;
}

void JsonBody::reject_unknown() const {
    for (const auto& [key, value] : json_.items()) {
        if (!seen_.count(key)) fail(key, "is not a known field");
    }
}

}  // namespace casetrail::http
