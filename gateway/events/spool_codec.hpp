// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// How a location event is written into a spool record, and read back. The reader is defensive: a record
// that does not decode is reported, never trusted.

#include <optional>
#include <string>
#include <string_view>

#include "gateway/store/event_store.hpp"

namespace casetrail::gateway {

std::string encode_event(const EventRow& event);
// nullopt when the bytes are not a well-formed event record of a known version.
std::optional<EventRow> decode_event(std::string_view record);

}  // namespace casetrail::gateway
