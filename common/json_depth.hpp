// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// How deeply a JSON text nests, counted before parsing: a text of nested brackets must cost neither stack
// nor memory in the recursive parser (request bodies, config files, anything read from outside).

#include <string_view>

namespace casetrail::common {

// True when objects and arrays nest deeper than `max_depth` (brackets inside strings do not count).
bool json_nested_deeper_than(std::string_view text, int max_depth);

}  // namespace casetrail::common
