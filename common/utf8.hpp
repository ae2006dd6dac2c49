// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing past U+10FFFF. Shared by the
// server (every text it stores) and the CLI (telling a UTF-8 import file from a GB18030 one).

#include <string_view>

namespace casetrail::common {

bool is_valid_utf8(std::string_view s);

}  // namespace casetrail::common
