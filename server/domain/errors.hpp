// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The domain's failures, which the transport maps to its own codes (HTTP 400, 404).

#include <stdexcept>

namespace casetrail::domain {

// The request is malformed (a bad identifier, a limit out of range).
class InvalidArgument : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The thing asked for does not exist.
class NotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The request is well formed but not allowed in the current state (an illegal lifecycle transition, a
// check-out of a dossier someone holds).
class Conflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// No valid credentials: no token, an expired or revoked one, a wrong login or password.
class Unauthorized : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Known, but their roles do not allow it.
class Forbidden : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Too many attempts from one place; try again after `retry_after_s`.
class TooManyRequests : public std::runtime_error {
public:
    TooManyRequests(const std::string& what, int retry_after) : std::runtime_error(what), retry_after_s(retry_after) {}
    int retry_after_s;
};

}  // namespace casetrail::domain
