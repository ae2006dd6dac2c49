// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The narrow interface every reader driver implements: open, poll one inventory round, close.
// libmodbus appears only in the driver implementations, never in this header.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "firmware-bridge/profiles/reader_data.hpp"

namespace casetrail::bridge {

enum class ReaderErrorKind {
    connect_failed,    // no connection could be made
    timeout,           // the reader did not answer in time
    modbus_exception,  // the reader answered with a Modbus exception (code in `exception_code`)
    io_error,          // the link broke or answered garbage (bad CRC, bad frame)
    decode_error,      // the registers did not make sense under the register map
    protocol,          // the reader answered consistently but not as the map says (busy forever, torn table)
    crc_error,         // a serial frame with a bad CRC
};

struct ReaderError {
    ReaderErrorKind kind;
    std::string message;
    int exception_code = 0;
};

const char* to_string(ReaderErrorKind kind);

struct InventoryRound {
    std::uint16_t round = 0;
    std::uint16_t flags = 0;
    std::vector<map::TagRecord> tags;
};

class ReaderDriver {
public:
    virtual ~ReaderDriver() = default;
    // Connects (if needed) and reads the identity block.
    virtual common::Result<map::Identity, ReaderError> open() = 0;
    // Triggers one inventory round and reads its tag table. The driver must be open.
    virtual common::Result<InventoryRound, ReaderError> poll() = 0;
    virtual void close() = 0;
    virtual bool is_open() const = 0;
};

struct TcpReaderEndpoint {
    std::string host;
    std::uint16_t port = 502;
    int unit_id = 1;
    std::chrono::milliseconds timeout{1000};
};

struct SerialLine {
    std::string device;  // /dev/ttyUSB0, or one end of a pty pair
    int baud = 9600;
    char parity = 'N';  // N, E or O
    int data_bits = 8;
    int stop_bits = 1;
    std::chrono::milliseconds timeout{500};
    std::chrono::milliseconds turnaround{5};  // quiet time on the bus between one answer and the next request
};

// A Modbus connection: one TCP socket, or one serial bus shared by the readers (unit ids) on it. A link
// is not thread-safe: the readers of one bus must be polled one at a time.
class ModbusLink;
std::shared_ptr<ModbusLink> make_tcp_link(const std::string& host, std::uint16_t port,
                                          std::chrono::milliseconds timeout);
std::shared_ptr<ModbusLink> make_rtu_link(const SerialLine& line);

struct Profile;
std::unique_ptr<ReaderDriver> make_modbus_driver(std::shared_ptr<ModbusLink> link, int unit_id, Profile profile);
std::unique_ptr<ReaderDriver> make_modbus_tcp_driver(const TcpReaderEndpoint& ep, Profile profile);

}  // namespace casetrail::bridge
