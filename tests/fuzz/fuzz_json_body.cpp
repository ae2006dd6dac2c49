// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// libFuzzer target: a request as the server reads it: the target's query and path escapes, then the body
// as a JSON object read field by field. Anything but the domain's InvalidArgument is a finding.

#include <cstddef>
#include <cstdint>
#include <string>

#include "server/domain/errors.hpp"
#include "server/http/json_body.hpp"
#include "server/http/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find('\n');
    const auto target = input.substr(0, split);
    const auto body = split == std::string::npos ? std::string() : input.substr(split + 1);
    try {
        (void)casetrail::http::parse_query(target);
    } catch (const casetrail::domain::InvalidArgument&) {}
    (void)casetrail::http::percent_decode(target);
    try {
        const auto b = casetrail::http::JsonBody::parse(body);
        for (const char* key : {"by", "to", "note", "kind", "case_number"}) {
            try {
                (void)b.optional_text(key);
            } catch (const casetrail::domain::InvalidArgument&) {}
        }
        try {
            (void)b.integer("limit", 1, 0, 1000);
        } catch (const casetrail::domain::InvalidArgument&) {}
        try {
            (void)b.time("due");
        } catch (const casetrail::domain::InvalidArgument&) {}
        try {
            b.reject_unknown();
        } catch (const casetrail::domain::InvalidArgument&) {}
    } catch (const casetrail::domain::InvalidArgument&) {}
    return 0;
}
