// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Structured logs as JSON lines on stderr: one object per line, with time, level, component and message.

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace casetrail::common {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

// Parses "debug", "info", "warn" or "error"; throws std::invalid_argument otherwise.
LogLevel parse_log_level(std::string_view name);

class Logger {
public:
    explicit Logger(std::string component, LogLevel min_level = LogLevel::info, std::FILE* out = stderr);

    // A logger for a sub-component that writes to the same sink (same lock, same level).
    Logger child(std::string component) const;

    void log(LogLevel level, std::string_view message) const;
    void log(LogLevel level, std::string_view message, const nlohmann::json& fields) const;

    void debug(std::string_view m) const { log(LogLevel::debug, m); }
    void info(std::string_view m) const { log(LogLevel::info, m); }
    void warn(std::string_view m) const { log(LogLevel::warn, m); }
    void error(std::string_view m) const { log(LogLevel::error, m); }
    void debug(std::string_view m, const nlohmann::json& f) const { log(LogLevel::debug, m, f); }
    void info(std::string_view m, const nlohmann::json& f) const { log(LogLevel::info, m, f); }
    void warn(std::string_view m, const nlohmann::json& f) const { log(LogLevel::warn, m, f); }
    void error(std::string_view m, const nlohmann::json& f) const { log(LogLevel::error, m, f); }

    bool enabled(LogLevel level) const;

private:
    struct Sink;
    Logger(std::shared_ptr<Sink> sink, std::string component);

    std::shared_ptr<Sink> sink_;
    std::string component_;
};

}  // namespace casetrail::common
