// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Readers over Modbus (TCP, or RTU on a serial bus) through libmodbus, under any register profile.
// A libmodbus context is not thread-safe: each link owns one, used by one thread at a time.

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include <modbus/modbus.h>

#include "firmware-bridge/drivers/reader_driver.hpp"
#include "firmware-bridge/drivers/tag_list_reader.hpp"
#include "firmware-bridge/profiles/profile.hpp"

namespace casetrail::bridge {

const char* to_string(ReaderErrorKind kind) {
    switch (kind) {
        case ReaderErrorKind::connect_failed: return "connect_failed";
        case ReaderErrorKind::timeout: return "timeout";
        case ReaderErrorKind::modbus_exception: return "modbus_exception";
        case ReaderErrorKind::io_error: return "io_error";
        case ReaderErrorKind::decode_error: return "decode_error";
        case ReaderErrorKind::protocol: return "protocol";
        case ReaderErrorKind::crc_error: return "crc_error";
    }
    return "unknown";
}

class ModbusLink {
public:
    ModbusLink(std::string name, bool serial, std::chrono::milliseconds timeout, std::chrono::milliseconds turnaround,
               std::function<modbus_t*()> make)
        : name_(std::move(name)), serial_(serial), timeout_(timeout), turnaround_(turnaround), make_(std::move(make)) {}
    ~ModbusLink() { close(); }

    const std::string& name() const { return name_; }
    bool is_open() const { return ctx_ != nullptr; }

    std::optional<ReaderError> open() {
        if (ctx_) return std::nullopt;
        ctx_ = make_();
        if (!ctx_) return ReaderError{ReaderErrorKind::connect_failed, name_ + ": " + std::strerror(errno)};
        const auto ms = timeout_.count();
        modbus_set_response_timeout(ctx_, static_cast<std::uint32_t>(ms / 1000),
                                    static_cast<std::uint32_t>((ms % 1000) * 1000));
        if (modbus_connect(ctx_) != 0) {
            ReaderError e{ReaderErrorKind::connect_failed, name_ + ": " + modbus_strerror(errno)};
            close();
            return e;
        }
        return std::nullopt;
    }

    void close() {
        if (ctx_) {
            modbus_close(ctx_);
            modbus_free(ctx_);
            ctx_ = nullptr;
        }
    }

    std::optional<ReaderError> read(int unit, RegisterKind kind, std::uint16_t address, std::uint16_t count,
                                    std::uint16_t* out) {
        if (auto e = prepare(unit)) return e;
        const int rc = kind == RegisterKind::holding ? modbus_read_registers(ctx_, address, count, out)
                                                     : modbus_read_input_registers(ctx_, address, count, out);
        last_answer_ = std::chrono::steady_clock::now();
        if (rc == count) return std::nullopt;
        if (rc >= 0) {
            close();
            return ReaderError{ReaderErrorKind::io_error, "short read at " + std::to_string(address)};
        }
        return failure("read " + std::to_string(count) + " registers at " + std::to_string(address));
    }

    std::optional<ReaderError> write(int unit, std::uint16_t address, std::uint16_t value) {
        if (auto e = prepare(unit)) return e;
        const int rc = modbus_write_register(ctx_, address, value);
        last_answer_ = std::chrono::steady_clock::now();
        if (rc == 1) return std::nullopt;
        return failure("write register " + std::to_string(address));
    }

private:
    std::optional<ReaderError> prepare(int unit) {
        if (!ctx_) return ReaderError{ReaderErrorKind::protocol, name_ + " is not open"};
        modbus_set_slave(ctx_, unit);
        // On a serial bus the line must be quiet a moment between an answer and the next request.
        if (turnaround_.count() > 0) std::this_thread::sleep_until(last_answer_ + turnaround_);
        return std::nullopt;
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
        if (e == EMBBADCRC) out.kind = ReaderErrorKind::crc_error;
        if (serial_ && (out.kind == ReaderErrorKind::timeout || out.kind == ReaderErrorKind::crc_error)) {
            // One silent or garbled unit must not take the bus from the others: drop stray bytes only.
            modbus_flush(ctx_);
            return out;
        }
        close();
        return out;
    }

    std::string name_;
    bool serial_;
    std::chrono::milliseconds timeout_;
    std::chrono::milliseconds turnaround_;
    std::function<modbus_t*()> make_;
    modbus_t* ctx_ = nullptr;
    std::chrono::steady_clock::time_point last_answer_{};
};

std::shared_ptr<ModbusLink> make_tcp_link(const std::string& host, std::uint16_t port,
                                          std::chrono::milliseconds timeout) {
    return std::make_shared<ModbusLink>(host + ":" + std::to_string(port), false, timeout, std::chrono::milliseconds(0),
                                        [host, port] { return modbus_new_tcp(host.c_str(), port); });
}

std::shared_ptr<ModbusLink> make_rtu_link(const SerialLine& line) {
    return std::make_shared<ModbusLink>(line.device, true, line.timeout, line.turnaround, [line] {
        return modbus_new_rtu(line.device.c_str(), line.baud, line.parity, line.data_bits, line.stop_bits);
    });
}

namespace {

class ModbusDriver final : public ReaderDriver, private RegisterIO {
public:
    ModbusDriver(std::shared_ptr<ModbusLink> link, int unit, Profile profile)
        : link_(std::move(link)), unit_(unit), profile_(std::move(profile)) {}

    common::Result<map::Identity, ReaderError> open() override {
        if (auto e = link_->open()) return *e;
        auto id = read_identity(profile_, *this);
        if (id) antenna_count_ = id.value().antenna_count;
        identified_ = id.ok();
        return id;
    }

    common::Result<InventoryRound, ReaderError> poll() override {
        if (!link_->is_open()) return ReaderError{ReaderErrorKind::protocol, "poll on a closed reader"};
        return read_inventory(profile_, *this, antenna_count_);
    }

    void close() override { link_->close(); }
    // Open means: the link is up and this reader has answered its identity since it came up.
    bool is_open() const override { return link_->is_open() && identified_; }

private:
    std::optional<ReaderError> read(RegisterKind kind, std::uint16_t address, std::uint16_t count,
                                    std::uint16_t* out) override {
        auto e = link_->read(unit_, kind, address, count, out);
        if (e && !link_->is_open()) identified_ = false;
        return e;
    }
    std::optional<ReaderError> write(std::uint16_t address, std::uint16_t value) override {
        auto e = link_->write(unit_, address, value);
        if (e && !link_->is_open()) identified_ = false;
        return e;
    }

    std::shared_ptr<ModbusLink> link_;
    int unit_;
    Profile profile_;
    std::uint16_t antenna_count_ = 1;
    bool identified_ = false;
};

}  // namespace

std::unique_ptr<ReaderDriver> make_modbus_driver(std::shared_ptr<ModbusLink> link, int unit_id, Profile profile) {
    return std::make_unique<ModbusDriver>(std::move(link), unit_id, std::move(profile));
}

std::unique_ptr<ReaderDriver> make_modbus_tcp_driver(const TcpReaderEndpoint& ep, Profile profile) {
    return make_modbus_driver(make_tcp_link(ep.host, ep.port, ep.timeout), ep.unit_id, std::move(profile));
}

}  // namespace casetrail::bridge
