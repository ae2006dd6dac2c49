#include "simulator/sim_config.hpp"

#include <cmath>
#include <set>

#include "registers/epc.hpp"
#include "support/config_reader.hpp"

namespace casetrail::bridge::sim {

SimConfig load_sim_config(const std::string& path) {
    const auto json = support::load_json_file(path);
    support::ConfigObject root(json, path);
    SimConfig cfg;

    auto modbus = root.object("modbus");
    cfg.endpoints.modbus_host = modbus.string("host", "127.0.0.1");
    cfg.endpoints.modbus_port = static_cast<std::uint16_t>(modbus.integer("port", 0, 65535));
    modbus.reject_unknown_keys();

    auto control = root.object("control");
    cfg.endpoints.control_host = control.string("host", "127.0.0.1");
    cfg.endpoints.control_port = static_cast<std::uint16_t>(control.integer("port", 0, 65535));
    control.reject_unknown_keys();

    cfg.profile = load_profile(support::resolve_beside(path, root.string("profile")));

    cfg.identity.serial = root.string("serial", "SIM-0001");
    for (unsigned char c : cfg.identity.serial) {
        if (c < 0x20 || c > 0x7E) root.fail("serial", "must be printable ASCII");
    }
    cfg.identity.firmware = static_cast<std::uint16_t>(root.integer("firmware", 0x0100, 0, 0xFFFF));
    const auto& pid = cfg.profile.identity;
    if (pid.antenna_count_offset) {
        cfg.identity.antenna_count = static_cast<std::uint16_t>(root.integer("antennas", 1, map::kMaxAntennas));
    } else {
        cfg.identity.antenna_count = static_cast<std::uint16_t>(
            root.integer("antennas", pid.antenna_count_fixed, pid.antenna_count_fixed, pid.antenna_count_fixed));
    }
    if (cfg.identity.serial.size() > std::size_t{pid.serial_registers} * 2 && pid.serial_offset) {
        root.fail("serial", "is longer than the profile's " + std::to_string(pid.serial_registers * 2) + " characters");
    }

    if (root.has("tags")) {
        const auto& tags = root.raw("tags");
        if (!tags.is_array()) root.fail("tags", "must be an array");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < tags.size(); ++i) {
            const std::string where = "tags[" + std::to_string(i) + "]";
            if (!tags[i].is_object()) root.fail(where, "must be an object");
            support::ConfigObject t(tags[i], path, where);
            SimTag tag;
            auto epc = normalize_epc(t.string("epc"));
            if (!epc) t.fail("epc", "\"" + t.string("epc") + "\" is not an EPC (4..64 hex digits, whole words)");
            if (!seen.insert(*epc).second) t.fail("epc", *epc + " is listed twice");
            tag.epc = *epc;
            tag.antenna = static_cast<std::uint16_t>(t.integer("antenna", 1, cfg.identity.antenna_count));
            tag.rssi_decidbm = static_cast<std::int16_t>(std::lround(t.number("rssi_dbm", -55.0, -120.0, 0.0) * 10));
            t.reject_unknown_keys();
            cfg.tags.push_back(tag);
        }
    }
    try {
        cfg.log_level = support::parse_log_level(root.string("log_level", "info"));
    } catch (const std::invalid_argument& e) {
        root.fail("log_level", e.what());
    }
    root.reject_unknown_keys();
    return cfg;
}

}  // namespace casetrail::bridge::sim
