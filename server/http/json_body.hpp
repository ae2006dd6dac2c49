// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A request's JSON body, read field by field: each field typed, required or defaulted, unknown fields
// refused; every failure an InvalidArgument naming the field (answered 400).

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace casetrail::http {

class JsonBody {
public:
    // The whole body: must be one JSON object.
    static JsonBody parse(const std::string& text);
    JsonBody(const nlohmann::json& object, std::string path);

    bool has(const std::string& key) const;
    std::string text(const std::string& key) const;
    std::optional<std::string> optional_text(const std::string& key) const;
    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    std::chrono::system_clock::time_point time(const std::string& key) const;  // RFC 3339
    std::vector<std::string> texts(const std::string& key) const;              // absent: empty
    std::vector<JsonBody> objects(const std::string& key) const;               // absent: empty

    // Refuses every field no accessor asked for: a misspelt field must not be silently ignored.
    void reject_unknown() const;

private:
    [[noreturn]] void fail(const std::string& key, const std::string& what) const;
    const nlohmann::json* field(const std::string& key) const;

    nlohmann::json json_;
    std::string path_;
    mutable std::set<std::string> seen_;
};

}  // namespace casetrail::http
