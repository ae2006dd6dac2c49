// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The gateway's configuration file (see config/gateway.example.json and README.md).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/json_log.hpp"
#include "firmware-bridge/drivers/reader_driver.hpp"
#include "firmware-bridge/profiles/profile.hpp"
#include "gateway/events/event_spooler.hpp"
#include "gateway/events/event_writer.hpp"
#include "gateway/smoothing/smoothing_options.hpp"
#include "gateway/smoothing/unbound_tags.hpp"
#include "gateway/store/reader_registry.hpp"

namespace casetrail::gateway {

struct ReaderSettings {
    std::string id;    // the reader's code, unique across the site
    std::string host;  // Modbus/TCP; empty for a reader on a serial line
    std::uint16_t port = 502;
    std::optional<bridge::SerialLine> rtu;  // Modbus RTU: the readers of one device share the bus
    int unit_id = 1;
    std::chrono::milliseconds timeout{1000};
    std::string profile_path;
    bridge::Profile profile;            // the reader model's register layout, loaded and checked at start
    std::vector<AntennaSpec> antennas;  // port, location code, role, doorway

    // "host:port" for Modbus/TCP, the device for a serial line.
    std::string address() const { return rtu ? rtu->device : host + ":" + std::to_string(port); }
};

// Tags bound to no volume: how many each reader may bring in, how many of their events it may write,
// and how often the gateway learns which EPCs are bound (docs/smoothing.md, "Hostile readers").
struct UnboundSettings {
    smoothing::UnboundTagLimits limits;
    std::chrono::milliseconds bindings_refresh{10000};
};

struct GatewayConfig {
    std::string database;
    std::chrono::milliseconds poll_interval{500};
    std::chrono::milliseconds health_report_interval{2000};
    std::chrono::milliseconds status_interval{2000};  // spool/status.json
    smoothing::SmoothingOptions smoothing;
    UnboundSettings unbound;
    WriterSettings writer;
    SpoolSettings spool;
    std::vector<ReaderSettings> readers;
    common::LogLevel log_level = common::LogLevel::info;
};

// Throws common::ConfigError naming the file, the key and the value.
GatewayConfig load_gateway_config(const std::string& path);
// The same for a config already parsed; `source` names it (and profile paths are taken beside it).
GatewayConfig parse_gateway_config(const nlohmann::json& json, const std::string& source,
                                   bridge::ProfileCache& profiles);

}  // namespace casetrail::gateway
