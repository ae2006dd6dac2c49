#pragma once
// UTC timestamps as RFC 3339 text ("2026-11-24T11:44:49.123456Z"): how Casetrail shows time on the wire.

#include <chrono>
#include <cstdint>
#include <string>

namespace casetrail::support {

std::string format_utc(std::chrono::system_clock::time_point t);

// Microseconds since the Unix epoch, the unit Casetrail stores and passes around.
std::int64_t to_epoch_us(std::chrono::system_clock::time_point t);
std::chrono::system_clock::time_point from_epoch_us(std::int64_t us);

}  // namespace casetrail::support
