// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// SIGINT/SIGTERM for daemons that are not built on an io_context: the handler only sets a flag, which
// the daemon's loop checks. (Asio-based daemons use boost::asio::signal_set instead.)

#include <atomic>

namespace casetrail::common {

// Installs the handlers and returns the flag they set. Call once, from main.
const std::atomic<bool>& install_stop_signal_handlers();

}  // namespace casetrail::common
