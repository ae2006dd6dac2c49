// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/bound_epc_cache.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include "common/durable_file.hpp"
#include "common/epc.hpp"

namespace casetrail::gateway {

namespace {
constexpr const char* kHeader = "casetrail bound EPCs 1";
}  // namespace

std::optional<std::vector<std::string>> load_bound_epc_cache(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line) || line != kHeader) return std::nullopt;
    std::vector<std::string> epcs;
    while (std::getline(in, line)) {
        if (auto epc = common::normalize_epc(line)) epcs.push_back(std::move(*epc));  // a torn last line: skipped
    }
    return epcs;
}

void save_bound_epc_cache(const std::string& path, const std::vector<std::string>& epcs) {
    std::string text = std::string(kHeader) + "\n";
    text.reserve(text.size() + epcs.size() * 25);
    for (const auto& e : epcs) text.append(e).push_back('\n');
    common::write_file_durably(path, text);
}

void append_bound_epc_cache(const std::string& path, const std::vector<std::string>& epcs) {
    if (epcs.empty()) return;
    std::string text;
    for (const auto& e : epcs) text.append(e).push_back('\n');
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("open " + path + ": " + std::strerror(errno));
    std::string_view rest = text;
    while (!rest.empty()) {
        const ssize_t n = ::write(fd, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            throw std::runtime_error("write " + path + ": " + reason);
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    const int rc = ::fdatasync(fd);
    ::close(fd);
    if (rc != 0) throw std::runtime_error("fsync " + path + ": " + std::strerror(errno));
}

}  // namespace casetrail::gateway
