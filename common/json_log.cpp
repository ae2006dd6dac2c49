// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "common/json_log.hpp"

#include <mutex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/time_format.hpp"

namespace casetrail::common {

struct Logger::Sink {
    std::FILE* out;
    LogLevel min_level;
    std::mutex mutex;
};

namespace {
const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "unknown";
}
}  // namespace

LogLevel parse_log_level(std::string_view name) {
    for (LogLevel l : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
        if (name == level_name(l)) return l;
    }
    throw std::invalid_argument("unknown log level \"" + std::string(name) +
                                "\" (expected debug, info, warn or error)");
}

Logger::Logger(std::string component, LogLevel min_level, std::FILE* out)
    : sink_(std::make_shared<Sink>()), component_(std::move(component)) {
    sink_->out = out;
    sink_->min_level = min_level;
}

Logger::Logger(std::shared_ptr<Sink> sink, std::string component)
    : sink_(std::move(sink)), component_(std::move(component)) {}

Logger Logger::child(std::string component) const { return Logger(sink_, std::move(component)); }

bool Logger::enabled(LogLevel level) const { return level >= sink_->min_level; }

void Logger::log(LogLevel level, std::string_view message) const { log(level, message, nlohmann::json::object()); }

void Logger::log(LogLevel level, std::string_view message, const nlohmann::json& fields) const {
    if (!enabled(level)) return;
    nlohmann::ordered_json line = {
        {"ts", format_utc(std::chrono::system_clock::now())},
        {"level", level_name(level)},
        {"component", component_},
        {"msg", message},
    };
    if (fields.is_object()) {
        for (const auto& [key, value] : fields.items()) {
            if (!line.contains(key)) line[key] = value;
        }
    }
    // Invalid UTF-8 from a device must not make logging throw.
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::lock_guard lock(sink_->mutex);
    std::fputs(text.c_str(), sink_->out);
    std::fputc('\n', sink_->out);
    std::fflush(sink_->out);
}

}  // namespace casetrail::common
