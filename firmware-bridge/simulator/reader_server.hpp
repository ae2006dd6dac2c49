#pragma once
// A simulated UHF reader: a real Modbus/TCP server (libmodbus) serving a TagField under any register
// profile (config/readers/), plus a line-based control socket that moves tags at run time.
// Single-threaded (select loop).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "profiles/profile.hpp"
#include "registers/reader_data.hpp"
#include "simulator/control_commands.hpp"
#include "simulator/tag_field.hpp"
#include "support/json_log.hpp"

namespace casetrail::bridge::sim {

struct ServerEndpoints {
    std::string modbus_host = "127.0.0.1";
    std::uint16_t modbus_port = 1502;  // 0: any free port
    std::string control_host = "127.0.0.1";
    std::uint16_t control_port = 1503;  // 0: any free port
};

class ReaderServer {
public:
    ReaderServer(TagField& field, Profile profile, map::Identity identity, ServerEndpoints endpoints,
                 support::Logger log);
    ~ReaderServer();
    ReaderServer(const ReaderServer&) = delete;
    ReaderServer& operator=(const ReaderServer&) = delete;

    // Binds both sockets; throws std::runtime_error with the reason when it cannot.
    void listen();
    std::uint16_t modbus_port() const { return bound_modbus_port_; }
    std::uint16_t control_port() const { return bound_control_port_; }

    // Serves until `stop` becomes true (checked at least every 200 ms).
    void run(const std::atomic<bool>& stop);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::uint16_t bound_modbus_port_ = 0;
    std::uint16_t bound_control_port_ = 0;
};

}  // namespace casetrail::bridge::sim
