// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A progress bar on standard error, drawn only when it is a terminal (scripts and logs get none).

#include <cstddef>
#include <string>

namespace casetrail::cli {

class ProgressBar {
public:
    ProgressBar(std::string label, std::size_t total);
    ~ProgressBar();
    void update(std::size_t done);
    void finish();

private:
    std::string label_;
    std::size_t total_;
    bool tty_;
    int last_percent_ = -1;
    bool finished_ = false;
};

}  // namespace casetrail::cli
