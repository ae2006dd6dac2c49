// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/app/offset_clock.hpp"

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/config_reader.hpp"

namespace casetrail::app {

namespace {

// The file's text, or nullopt when there is no file to read.
std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

common::Result<std::chrono::seconds, std::string> parse_clock_offset(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
    if (text.empty()) return std::string("is empty: write the seconds to move the clock by");
    const auto quoted = "\"" + std::string(text.substr(0, 40)) + (text.size() > 40 ? "...\"" : "\"");
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (end != text.data() + text.size() || (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
        return quoted + " is not a whole number of seconds";
    }
    if (ec == std::errc::result_out_of_range || seconds > kMaxClockOffset.count() ||
        seconds < -kMaxClockOffset.count()) {
        return quoted + " moves the clock more than " + std::to_string(kMaxClockOffset.count()) +
               " s (5 years) either way";
    }
    return std::chrono::seconds(seconds);
}

FileOffsetClock::FileOffsetClock(std::string path, common::Logger log) : path_(std::move(path)), log_(std::move(log)) {
    if (const auto text = read_text(path_)) {
        const auto offset = parse_clock_offset(*text);
        if (!offset) throw common::ConfigError("--clock-file " + path_ + ": " + offset.error());
        offset_ = offset.value();
    }
    checked_ = std::chrono::steady_clock::now();
    log_.warn("test clock in use: time moved by the seconds in the clock file",
              {{"clock_file", path_}, {"offset_s", offset_.count()}});
}

void FileOffsetClock::reread() const {
    const auto text = read_text(path_);
    if (!text) {
        offset_ = std::chrono::seconds(0);
        return;
    }
    // A file being rewritten in place may read empty or half-way: keep the last good offset (writers
    // should write a new file and rename it over). One out of bounds is refused the same way, and said.
    const auto offset = parse_clock_offset(*text);
    if (offset) {
        offset_ = offset.value();
        refused_.clear();
    } else if (!text->empty() && *text != refused_) {
        refused_ = *text;
        log_.error("clock file refused: the last offset holds",
                   {{"clock_file", path_}, {"error", offset.error()}, {"offset_s", offset_.count()}});
    }
}

std::chrono::system_clock::time_point FileOffsetClock::now() const {
    const auto steady = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (steady - checked_ >= std::chrono::milliseconds(100)) {
        checked_ = steady;
        reread();
    }
    return std::chrono::system_clock::now() + offset_;
}

}  // namespace casetrail::app
