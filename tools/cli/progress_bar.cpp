// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace casetrail::cli {

ProgressBar::ProgressBar(std::string label, std::size_t total)
    : label_(std::move(label)), total_(total), tty_(isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::size_t done) {
    if (!tty_ || total_ == 0) return;
    const int percent = static_cast<int>(done * 100 / total_);
    if (percent == last_percent_) return;  // redraw only when it moves
    last_percent_ = percent;
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%  %zu/%zu", label_.c_str(), filled, "##############################",
                 kWidth - filled, "", percent, done, total_);
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (!tty_ || finished_) return;
    finished_ = true;
    update(total_);
    std::fputc('\n', stderr);
}

}  // namespace casetrail::cli
