// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// An expected-like result for operations where failure is normal (a reader timeout, a short buffer).
// C++20 has no std::expected yet; this is the small subset Casetrail uses.

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace casetrail::common {

// The error side of a Result: a machine-readable kind and a message for people.
template <typename Kind>
struct Error {
    Kind kind;
    std::string message;
};

template <typename T, typename E>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & {
        check();
        return std::get<0>(v_);
    }
    const T& value() const& {
        check();
        return std::get<0>(v_);
    }
    T&& value() && {
        check();
        return std::get<0>(std::move(v_));
    }

    const E& error() const {
        if (ok()) throw std::logic_error("Result::error() called on a value");
        return std::get<1>(v_);
    }

private:
    void check() const {
        if (!ok()) throw std::logic_error("Result::value() called on an error: " + describe(std::get<1>(v_)));
    }
    template <typename K>
    static std::string describe(const Error<K>& e) {
        return e.message;
    }
    template <typename X>
    static std::string describe(const X&) {
        return "(error)";
    }

    std::variant<T, E> v_;
};

}  // namespace casetrail::common
