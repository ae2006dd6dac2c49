// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A durable local spool: an append-only log of records in segment files, each record framed with its
// length, a sequence number and a CRC-32C. Records become durable at sync() (fsync); they leave the spool
// only when ack() says everything up to a sequence number has been committed elsewhere. Opening a spool
// recovers what was not acknowledged; a torn or corrupt record (a power cut mid-write) is detected by its
// frame, logged and cut off, with everything before it kept.
//
// Thread-safe: one thread appends and syncs while another acknowledges.

#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_log.hpp"

namespace casetrail::spool {

struct SpoolOptions {
    std::string dir;
    std::uint64_t segment_bytes = 8u << 20;  // a new segment file after this many bytes
    std::uint64_t max_bytes = 256u << 20;    // the cap on unacknowledged data on disk
};

struct SpoolRecord {
    std::uint64_t seq = 0;
    std::string payload;
};

struct RecoveryReport {
    std::size_t segments = 0;
    std::size_t records = 0;       // unacknowledged records recovered
    std::size_t torn_records = 0;  // frames cut off (torn tail or corruption)
    std::uint64_t bytes_cut = 0;
};

class SpoolFull : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Largest payload a record may carry; a frame claiming more is corrupt.
inline constexpr std::uint32_t kMaxPayload = 1u << 20;
inline constexpr std::size_t kFrameHeader = 16;  // u32 length, u32 crc, u64 seq

class Spool {
public:
    // Creates the folder if needed and recovers it. Throws std::runtime_error on I/O failure.
    Spool(SpoolOptions options, common::Logger log);
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    const RecoveryReport& recovery() const { return report_; }
    // The unacknowledged records found at open, in sequence order. Moves them out (call once).
    std::vector<SpoolRecord> take_recovered();

    // Appends one record (written, not yet durable) and returns its sequence number. Throws SpoolFull when
    // the unacknowledged data would pass max_bytes, std::invalid_argument for an oversized payload.
    std::uint64_t append(std::string_view payload);
    // Makes every appended record durable (fsync). Returns the last durable sequence number.
    std::uint64_t sync();
    // Everything up to `seq` is committed downstream: persist that, and delete whole acknowledged segments.
    void ack(std::uint64_t seq);

    std::uint64_t bytes_used() const;  // unacknowledged bytes on disk (whole segments)
    std::uint64_t max_bytes() const { return opt_.max_bytes; }
    std::uint64_t last_seq() const;
    std::uint64_t acked_seq() const;

private:
    struct Segment {
        std::uint64_t first_seq;
        std::uint64_t last_seq;  // 0 while empty
        std::uint64_t bytes;
        std::string path;
    };

    void recover();
    void open_new_segment();
    void write_ack_file(std::uint64_t seq);
    void drop_acked_segments();

    SpoolOptions opt_;
    common::Logger log_;
    mutable std::mutex mutex_;
    std::vector<Segment> segments_;  // oldest first; the last one is the active one once appending
    int active_fd_ = -1;
    bool active_dirty_ = false;
    std::string buffer_;  // appended frames not yet written to the file
    std::uint64_t next_seq_ = 1;
    std::uint64_t acked_ = 0;
    std::uint64_t used_bytes_ = 0;
    RecoveryReport report_;
    std::vector<SpoolRecord> recovered_;
};

}  // namespace casetrail::spool
