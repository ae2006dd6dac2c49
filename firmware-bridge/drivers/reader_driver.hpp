#pragma once
// The narrow interface every reader driver implements: open, poll one inventory round, close.
// libmodbus appears only in the driver implementations, never in this header.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "registers/casetrail_map.hpp"
#include "support/result.hpp"

namespace casetrail::bridge {

enum class ReaderErrorKind {
    connect_failed,    // no connection could be made
    timeout,           // the reader did not answer in time
    modbus_exception,  // the reader answered with a Modbus exception (code in `exception_code`)
    io_error,          // the link broke or answered garbage (bad CRC, bad frame)
    decode_error,      // the registers did not make sense under the register map
    protocol,          // the reader answered consistently but not as the map says (busy forever, torn table)
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
    virtual support::Result<map::Identity, ReaderError> open() = 0;
    // Triggers one inventory round and reads its tag table. The driver must be open.
    virtual support::Result<InventoryRound, ReaderError> poll() = 0;
    virtual void close() = 0;
    virtual bool is_open() const = 0;
};

struct TcpReaderEndpoint {
    std::string host;
    std::uint16_t port = 502;
    int unit_id = 1;
    std::chrono::milliseconds timeout{1000};
};

std::unique_ptr<ReaderDriver> make_modbus_tcp_driver(const TcpReaderEndpoint& endpoint);

}  // namespace casetrail::bridge
