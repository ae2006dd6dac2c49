// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/spool/spool.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/durable_file.hpp"
#include "gateway/spool/crc32c.hpp"

namespace casetrail::spool {

namespace fs = std::filesystem;

namespace {

constexpr const char* kAckFile = "acked";
constexpr std::size_t kWriteBuffer = 64 * 1024;

[[noreturn]] void io_fail(const std::string& what) {
    throw std::runtime_error("spool: " + what + ": " + std::strerror(errno));
}

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint32_t get32(const unsigned char* p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}
std::uint64_t get64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            io_fail("write " + path);
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

std::string segment_name(std::uint64_t first_seq) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "seg-%020llu.log", static_cast<unsigned long long>(first_seq));
    return buf;
}

std::string read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) io_fail("open " + path);
    std::string data;
    char buf[1 << 16];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    if (n < 0) io_fail("read " + path);
    return data;
}

}  // namespace

Spool::Spool(SpoolOptions options, common::Logger log) : opt_(std::move(options)), log_(std::move(log)) {
    std::error_code ec;
    fs::create_directories(opt_.dir, ec);
    if (ec) throw std::runtime_error("spool: cannot create " + opt_.dir + ": " + ec.message());
    recover();
}

Spool::~Spool() {
    try {
        sync();
    } catch (const std::exception& e) {
        log_.error("spool: final sync failed", {{"error", e.what()}});
    }
    if (active_fd_ >= 0) ::close(active_fd_);
}

void Spool::recover() {
    // The acknowledgement mark: 8 bytes of sequence number and their CRC.
    const std::string ack_path = opt_.dir + "/" + kAckFile;
    if (fs::exists(ack_path)) {
        const auto data = read_file(ack_path);
        const auto* p = reinterpret_cast<const unsigned char*>(data.data());
        if (data.size() == 12 && crc32c(p, 8) == get32(p + 8)) {
            acked_ = get64(p);
        } else {
            log_.error("spool: acknowledgement mark is damaged; replaying everything (replays are idempotent)",
                       {{"file", ack_path}});
        }
    }

    std::vector<std::pair<std::uint64_t, std::string>> files;
    for (const auto& entry : fs::directory_iterator(opt_.dir)) {
        const auto name = entry.path().filename().string();
        unsigned long long first = 0;
        if (name.size() == 28 && std::sscanf(name.c_str(), "seg-%20llu.log", &first) == 1) {
            files.emplace_back(first, entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());

    std::uint64_t max_seq = acked_;
    for (const auto& [first, path] : files) {
        const std::string data = read_file(path);
        const auto* base = reinterpret_cast<const unsigned char*>(data.data());
        std::size_t off = 0;
        Segment seg{first, 0, 0, path};
        std::string why;
        while (off < data.size()) {
            if (data.size() - off < kFrameHeader) {
                why = "incomplete frame header";
                break;
            }
            const std::uint32_t len = get32(base + off);
            const std::uint32_t crc = get32(base + off + 4);
            const std::uint64_t seq = get64(base + off + 8);
            if (len > kMaxPayload) {
                why = "frame length " + std::to_string(len) + " is impossible";
                break;
            }
            if (data.size() - off - kFrameHeader < len) {
                why = "incomplete record";
                break;
            }
            if (crc32c(base + off + kFrameHeader, len, crc32c(base + off + 8, 8)) != crc) {
                why = "CRC mismatch";
                break;
            }
            if (seq <= seg.last_seq || seq < first) {
                why = "sequence number out of order";
                break;
            }
            seg.last_seq = seq;
            max_seq = std::max(max_seq, seq);
            if (seq > acked_) recovered_.push_back({seq, data.substr(off + kFrameHeader, len)});
            off += kFrameHeader + len;
        }
        if (off < data.size()) {
            // Everything from the first bad frame on is cut: a torn write leaves nothing valid after it.
            ++report_.torn_records;
            report_.bytes_cut += data.size() - off;
            log_.warn("spool: damaged record cut off",
                      {{"segment", path}, {"offset", off}, {"bytes_cut", data.size() - off}, {"reason", why}});
            if (::truncate(path.c_str(), static_cast<off_t>(off)) != 0) io_fail("truncate " + path);
        }
        seg.bytes = off;
        ++report_.segments;
        if (seg.last_seq == 0 || seg.last_seq <= acked_) {
            fs::remove(path);  // empty, or everything in it already committed
            continue;
        }
        used_bytes_ += seg.bytes;
        segments_.push_back(seg);
    }
    report_.records = recovered_.size();
    next_seq_ = max_seq + 1;
    common::fsync_directory(opt_.dir);
}

std::vector<SpoolRecord> Spool::take_recovered() {
    std::lock_guard lock(mutex_);
    return std::move(recovered_);
}

void Spool::open_new_segment() {
    if (active_fd_ >= 0) {
        if (::fdatasync(active_fd_) != 0) io_fail("fsync " + segments_.back().path);
        ::close(active_fd_);
        active_fd_ = -1;
    }
    Segment seg{next_seq_, 0, 0, opt_.dir + "/" + segment_name(next_seq_)};
    active_fd_ = ::open(seg.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0640);
    if (active_fd_ < 0) io_fail("create " + seg.path);
    common::fsync_directory(opt_.dir);  // the new file's name must survive a power cut too
    segments_.push_back(seg);
    active_dirty_ = false;
}

std::uint64_t Spool::append(std::string_view payload) {
    if (payload.size() > kMaxPayload) throw std::invalid_argument("spool: record larger than 1 MiB");
    std::lock_guard lock(mutex_);
    const std::uint64_t frame = kFrameHeader + payload.size();
    if (used_bytes_ + frame > opt_.max_bytes) {
        throw SpoolFull("spool is full (" + std::to_string(used_bytes_) + " of " + std::to_string(opt_.max_bytes) +
                        " bytes unacknowledged)");
    }
    if (active_fd_ < 0 || segments_.back().bytes >= opt_.segment_bytes) open_new_segment();
    const std::uint64_t seq = next_seq_++;
    std::string header;
    header.reserve(kFrameHeader);
    std::string seq_bytes;
    put64(seq_bytes, seq);
    put32(header, static_cast<std::uint32_t>(payload.size()));
    put32(header, crc32c(payload.data(), payload.size(), crc32c(seq_bytes.data(), 8)));
    header += seq_bytes;
    buffer_.append(header);
    buffer_.append(payload);
    auto& seg = segments_.back();
    seg.bytes += frame;
    seg.last_seq = seq;
    used_bytes_ += frame;
    active_dirty_ = true;
    if (buffer_.size() >= kWriteBuffer) {
        write_all(active_fd_, buffer_.data(), buffer_.size(), seg.path);
        buffer_.clear();
    }
    return seq;
}

std::uint64_t Spool::sync() {
    int fd = -1;
    std::uint64_t last = 0;
    std::string path;
    {
        std::lock_guard lock(mutex_);
        last = next_seq_ - 1;
        if (active_fd_ < 0 || !active_dirty_) return last;
        path = segments_.back().path;
        write_all(active_fd_, buffer_.data(), buffer_.size(), path);
        buffer_.clear();
        fd = active_fd_;
        active_dirty_ = false;
    }
    // Only the appending thread closes the active file, and it is the one calling sync: fd stays valid.
    if (::fdatasync(fd) != 0) io_fail("fsync " + path);
    return last;
}

void Spool::write_ack_file(std::uint64_t seq) {
    std::string data;
    put64(data, seq);
    put32(data, crc32c(data.data(), 8));
    common::write_file_durably(opt_.dir + "/" + kAckFile, data);
}

void Spool::ack(std::uint64_t seq) {
    std::lock_guard lock(mutex_);
    if (seq <= acked_) return;
    acked_ = seq;
    write_ack_file(seq);
    drop_acked_segments();
}

void Spool::drop_acked_segments() {
    // Whole segments only, and never the one being appended to.
    while (segments_.size() > 1 && segments_.front().last_seq <= acked_) {
        used_bytes_ -= segments_.front().bytes;
        fs::remove(segments_.front().path);
        segments_.erase(segments_.begin());
    }
    if (segments_.size() == 1 && active_fd_ < 0 && segments_.front().last_seq <= acked_) {
        used_bytes_ -= segments_.front().bytes;
        fs::remove(segments_.front().path);
        segments_.clear();
    }
}

std::uint64_t Spool::bytes_used() const {
    std::lock_guard lock(mutex_);
    return used_bytes_;
}

std::uint64_t Spool::last_seq() const {
    std::lock_guard lock(mutex_);
    return next_seq_ - 1;
}

std::uint64_t Spool::acked_seq() const {
    std::lock_guard lock(mutex_);
    return acked_;
}

}  // namespace casetrail::spool
