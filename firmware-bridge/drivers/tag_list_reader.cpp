// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/drivers/tag_list_reader.hpp"

#include <thread>
#include <vector>

#include "firmware-bridge/profiles/record_codec.hpp"

namespace casetrail::bridge {

namespace {

constexpr int kBusyRetries = 20;
constexpr std::chrono::milliseconds kBusyWait{10};

ReaderError decode_failure(const DecodeError& e) { return ReaderError{ReaderErrorKind::decode_error, e.message}; }

struct StatusRead {
    std::uint16_t flags = 0;
    std::optional<std::uint16_t> round;
};

common::Result<StatusRead, ReaderError> read_status(const Profile& p, RegisterIO& io) {
    const auto& st = *p.status;
    std::uint16_t regs[9] = {};
    const auto n = static_cast<std::uint16_t>(1 + st.round_offset.value_or(0));
    if (auto e = io.read(st.kind, st.address, n, regs)) return *e;
    StatusRead s{regs[0], std::nullopt};
    if (st.round_offset) s.round = regs[*st.round_offset];
    return s;
}

common::Result<std::uint16_t, ReaderError> read_count(const Profile& p, RegisterIO& io) {
    std::uint16_t count = 0;
    if (auto e = io.read(p.list.kind, p.list.count_address, 1, &count)) return *e;
    if (count > p.list.capacity) {
        return ReaderError{ReaderErrorKind::decode_error, "tag count " + std::to_string(count) +
                                                              " exceeds the list's capacity of " +
                                                              std::to_string(p.list.capacity)};
    }
    return count;
}

// Reads `records` consecutive records from the list's address, whole records per request.
common::Result<std::vector<std::uint16_t>, ReaderError> read_records(const Profile& p, RegisterIO& io,
                                                                     std::uint16_t records) {
    const std::uint16_t per_read = static_cast<std::uint16_t>(p.max_registers_per_read / p.record.registers);
    std::vector<std::uint16_t> regs(std::size_t{records} * p.record.registers);
    for (std::uint16_t first = 0; first < records; first = static_cast<std::uint16_t>(first + per_read)) {
        const auto n = static_cast<std::uint16_t>(std::min<int>(per_read, records - first));
        const auto address =
            static_cast<std::uint32_t>(p.list.records_address) + std::uint32_t{first} * p.record.registers;
        if (auto e = io.read(p.list.kind, static_cast<std::uint16_t>(address),
                             static_cast<std::uint16_t>(n * p.record.registers),
                             regs.data() + std::size_t{first} * p.record.registers)) {
            return *e;
        }
    }
    return regs;
}

std::optional<ReaderError> decode_into(const Profile& p, std::span<const std::uint16_t> regs, std::uint16_t antennas,
                                       std::size_t index, std::vector<map::TagRecord>& out) {
    auto r = decode_record(p, regs, antennas);
    if (!r)
        return ReaderError{ReaderErrorKind::decode_error, "record " + std::to_string(index) + ": " + r.error().message};
    if (r.value()) out.push_back(std::move(*r.value()));
    return std::nullopt;
}

}  // namespace

common::Result<map::Identity, ReaderError> read_identity(const Profile& p, RegisterIO& io) {
    std::vector<std::uint16_t> regs(p.identity.count);
    if (auto e = io.read(p.identity.kind, p.identity.address, p.identity.count, regs.data())) return *e;
    auto id = decode_identity(p, regs);
    if (!id) return decode_failure(id.error());
    return std::move(id).value();
}

common::Result<InventoryRound, ReaderError> read_inventory(const Profile& p, RegisterIO& io,
                                                           std::uint16_t antenna_count) {
    if (p.trigger) {
        if (auto e = io.write(p.trigger->address, p.trigger->value)) return *e;
    }
    InventoryRound round;
    std::optional<std::uint16_t> round_before;
    if (p.status) {
        auto st = read_status(p, io);
        for (int i = 0; st.ok() && (st.value().flags & p.status->busy_mask) && i < kBusyRetries; ++i) {
            std::this_thread::sleep_for(kBusyWait);
            st = read_status(p, io);
        }
        if (!st) return st.error();
        if (st.value().flags & p.status->busy_mask) {
            return ReaderError{ReaderErrorKind::protocol, "inventory round still running after the wait"};
        }
        round.flags = st.value().flags;
        round_before = st.value().round;
        round.round = round_before.value_or(0);
    }

    switch (p.list.mode) {
        case ListMode::table:
        case ListMode::count_records: {
            std::uint16_t records = p.list.capacity;
            if (p.list.mode == ListMode::count_records) {
                auto c = read_count(p, io);
                if (!c) return c.error();
                records = c.value();
            }
            auto regs = read_records(p, io, records);
            if (!regs) {
                // Some readers say "no tag in the field" with an exception rather than an empty list.
                if (p.list.empty_exception && regs.error().kind == ReaderErrorKind::modbus_exception &&
                    regs.error().exception_code == *p.list.empty_exception) {
                    break;
                }
                return regs.error();
            }
            for (std::size_t i = 0; i < records; ++i) {
                const auto slot =
                    std::span<const std::uint16_t>(regs.value()).subspan(i * p.record.registers, p.record.registers);
                if (auto e = decode_into(p, slot, antenna_count, i, round.tags)) return *e;
            }
            break;
        }
        case ListMode::handshake: {
            // Read the buffer, acknowledge, until the reader says none remain. Bounded by the capacity, so
            // a reader that never runs dry cannot keep us here.
            auto remaining = read_count(p, io);
            std::vector<std::uint16_t> buffer(p.record.registers);
            for (std::size_t i = 0; remaining.ok() && remaining.value() > 0; ++i) {
                if (i >= p.list.capacity) {
                    return ReaderError{ReaderErrorKind::protocol, "the reader kept offering tags past its capacity"};
                }
                if (auto e = io.read(p.list.kind, p.list.records_address, p.record.registers, buffer.data())) return *e;
                if (auto e = decode_into(p, buffer, antenna_count, i, round.tags)) return *e;
                if (auto e = io.write(p.list.ack_address, p.list.ack_value)) return *e;
                remaining = read_count(p, io);
            }
            if (!remaining) return remaining.error();
            break;
        }
    }

    // A reader that ran another round while we read would give us a mix of two rounds.
    if (round_before && p.list.mode != ListMode::handshake) {
        auto after = read_status(p, io);
        if (!after) return after.error();
        if (after.value().round != round_before) {
            return ReaderError{ReaderErrorKind::protocol, "tag list changed while being read (round " +
                                                              std::to_string(*round_before) + " -> " +
                                                              std::to_string(after.value().round.value_or(0)) + ")"};
        }
    }
    return round;
}

}  // namespace casetrail::bridge
