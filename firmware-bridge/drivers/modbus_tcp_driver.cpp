// A reader speaking the Casetrail register map over Modbus/TCP, through libmodbus.
// A libmodbus context is not thread-safe: each driver owns one and is used by one thread at a time.

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include <modbus/modbus.h>

#include "drivers/reader_driver.hpp"

namespace casetrail::bridge {

const char* to_string(ReaderErrorKind kind) {
    switch (kind) {
        case ReaderErrorKind::connect_failed: return "connect_failed";
        case ReaderErrorKind::timeout: return "timeout";
        case ReaderErrorKind::modbus_exception: return "modbus_exception";
        case ReaderErrorKind::io_error: return "io_error";
        case ReaderErrorKind::decode_error: return "decode_error";
        case ReaderErrorKind::protocol: return "protocol";
    }
    return "unknown";
}

namespace {

// How long to wait for a reader that reports an inventory round still running.
constexpr int kBusyRetries = 20;
constexpr std::chrono::milliseconds kBusyWait{10};

class ModbusTcpDriver final : public ReaderDriver {
public:
    explicit ModbusTcpDriver(TcpReaderEndpoint ep) : ep_(std::move(ep)) {}
    ~ModbusTcpDriver() override { close(); }

    support::Result<map::Identity, ReaderError> open() override {
        if (!ctx_) {
            ctx_ = modbus_new_tcp(ep_.host.c_str(), ep_.port);
            if (!ctx_) return ReaderError{ReaderErrorKind::connect_failed, "cannot create a Modbus/TCP context"};
            modbus_set_slave(ctx_, ep_.unit_id);
            const auto ms = ep_.timeout.count();
            modbus_set_response_timeout(ctx_, static_cast<std::uint32_t>(ms / 1000),
                                        static_cast<std::uint32_t>((ms % 1000) * 1000));
            if (modbus_connect(ctx_) != 0) {
                ReaderError e{ReaderErrorKind::connect_failed, "connect to " + ep_.host + ":" +
                                                                   std::to_string(ep_.port) + ": " +
                                                                   modbus_strerror(errno)};
                close();
                return e;
            }
        }
        std::uint16_t regs[map::kIdentityRegisters];
        if (auto e = read(map::kIdentityAddress, map::kIdentityRegisters, regs)) return *e;
        auto id = map::decode_identity(regs);
        if (!id) return ReaderError{ReaderErrorKind::decode_error, id.error().message};
        antenna_count_ = id.value().antenna_count;
        return std::move(id).value();
    }

    support::Result<InventoryRound, ReaderError> poll() override {
        if (!ctx_) return ReaderError{ReaderErrorKind::protocol, "poll on a closed reader"};
        if (modbus_write_register(ctx_, map::kTriggerAddress, map::kTriggerStart) != 1) return failure("trigger");

        auto status = read_status();
        for (int i = 0; status.ok() && (status.value().flags & map::kStatusBusy) && i < kBusyRetries; ++i) {
            std::this_thread::sleep_for(kBusyWait);
            status = read_status();
        }
        if (!status) return status.error();
        if (status.value().flags & map::kStatusBusy) {
            return ReaderError{ReaderErrorKind::protocol, "inventory round still running after the wait"};
        }

        const std::uint16_t count = status.value().tag_count;
        std::vector<std::uint16_t> table(std::size_t{count} * map::kSlotRegisters);
        std::size_t offset = 0;
        for (const auto& block : map::plan_tag_table_reads(count)) {
            if (auto e = read(block.address, block.count, table.data() + offset)) return *e;
            offset += block.count;
        }
        // A reader that ran another round while we read would give us a mix of two rounds.
        if (count > 0) {
            auto after = read_status();
            if (!after) return after.error();
            if (after.value().round != status.value().round) {
                return ReaderError{ReaderErrorKind::protocol, "tag table changed while being read (round " +
                                                                  std::to_string(status.value().round) + " -> " +
                                                                  std::to_string(after.value().round) + ")"};
            }
        }
        auto tags = map::decode_tag_table(table, count, antenna_count_);
        if (!tags) return ReaderError{ReaderErrorKind::decode_error, tags.error().message};
        return InventoryRound{status.value().round, status.value().flags, std::move(tags).value()};
    }

    void close() override {
        if (ctx_) {
            modbus_close(ctx_);
            modbus_free(ctx_);
            ctx_ = nullptr;
        }
    }

    bool is_open() const override { return ctx_ != nullptr; }

private:
    support::Result<map::Status, ReaderError> read_status() {
        std::uint16_t regs[map::kStatusRegisters];
        if (auto e = read(map::kStatusAddress, map::kStatusRegisters, regs)) return *e;
        auto s = map::decode_status(regs);
        if (!s) return ReaderError{ReaderErrorKind::decode_error, s.error().message};
        return s.value();
    }

    std::optional<ReaderError> read(std::uint16_t address, std::uint16_t count, std::uint16_t* out) {
        const int rc = modbus_read_registers(ctx_, address, count, out);
        if (rc == count) return std::nullopt;
        if (rc >= 0) {
            close();
            return ReaderError{ReaderErrorKind::io_error, "short read at " + std::to_string(address) + ": " +
                                                              std::to_string(rc) + " of " + std::to_string(count)};
        }
        return failure("read " + std::to_string(count) + " registers at " + std::to_string(address));
    }

    // Classifies errno after a failed libmodbus call. Anything but a Modbus exception leaves the link in an
    // unknown state (a late answer could be taken for the next one), so the connection is dropped.
    ReaderError failure(const std::string& what) {
        const int e = errno;
        ReaderError out{ReaderErrorKind::io_error, what + ": " + modbus_strerror(e)};
        if (e > MODBUS_ENOBASE && e < MODBUS_ENOBASE + 12) {
            out.kind = ReaderErrorKind::modbus_exception;
            out.exception_code = e - MODBUS_ENOBASE;
            return out;
        }
        if (e == ETIMEDOUT) out.kind = ReaderErrorKind::timeout;
        close();
        return out;
    }

    TcpReaderEndpoint ep_;
    modbus_t* ctx_ = nullptr;
    std::uint16_t antenna_count_ = 1;
};

}  // namespace

std::unique_ptr<ReaderDriver> make_modbus_tcp_driver(const TcpReaderEndpoint& endpoint) {
    return std::make_unique<ModbusTcpDriver>(endpoint);
}

}  // namespace casetrail::bridge
