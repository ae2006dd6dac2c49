// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/sim_config.hpp"

#include <cmath>
#include <map>
#include <set>

#include "common/config_reader.hpp"
#include "common/epc.hpp"
#include "firmware-bridge/drivers/serial_line_config.hpp"

namespace casetrail::bridge::sim {

NoiseSettings read_noise(const common::ConfigObject& n) {
    NoiseSettings s;
    s.read_probability = n.number("read_probability", 1.0, 0.0, 1.0);
    s.cross_read_probability = n.number("cross_read_probability", 0.0, 0.0, 1.0);
    s.cross_read_drop_db = n.number("cross_read_drop_db", 12.0, 0.0, 60.0);
    s.rssi_jitter_db = n.number("rssi_jitter_db", 0.0, 0.0, 20.0);
    s.drop_probability = n.number("drop_probability", 0.0, 0.0, 1.0);
    s.slow_probability = n.number("slow_probability", 0.0, 0.0, 1.0);
    s.slow_ms = static_cast<int>(n.integer("slow_ms", 800, 1, 600000));
    s.exception_probability = n.number("exception_probability", 0.0, 0.0, 1.0);
    s.exception_code = static_cast<int>(n.integer("exception_code", 6, 1, 11));
    s.disconnect_probability = n.number("disconnect_probability", 0.0, 0.0, 1.0);
    n.reject_unknown_keys();
    return s;
}

std::vector<ScenarioEvent> load_scenario(const std::string& path) {
    const auto json = common::load_json_file(path);
    common::ConfigObject root(json, path);
    std::vector<ScenarioEvent> out;
    for (const auto& e : root.objects("events")) {
        ScenarioEvent ev;
        ev.at_ms = e.integer("at_ms", 0, 7LL * 24 * 3600 * 1000);
        ev.action = e.string("action");
        ev.reader = e.string("reader", "");
        const auto& a = ev.action;
        if (a == "move" || a == "remove" || a == "add" || a == "park") {
            auto epc = common::normalize_epc(e.string("epc"));
            if (!epc) e.fail("epc", "\"" + e.string("epc") + "\" is not an EPC");
            ev.epc = *epc;
            if (a != "remove") ev.antenna = static_cast<std::uint16_t>(e.integer("antenna", 1, map::kMaxAntennas));
            if (a == "park") ev.antenna2 = static_cast<std::uint16_t>(e.integer("antenna2", 1, map::kMaxAntennas));
            if (a == "add")
                ev.rssi_decidbm = static_cast<std::int16_t>(std::lround(e.number("rssi_dbm", -55.0, -120.0, 0.0) * 10));
        } else if (a == "noise") {
            ev.noise = read_noise(e.object("noise"));
        } else if (a == "offline" || a == "online") {
            if (ev.reader.empty()) e.fail("reader", "is required for " + a);
        } else {
            e.fail("action", "\"" + a + "\" is not move, park, remove, add, noise, offline or online");
        }
        e.reject_unknown_keys();
        out.push_back(ev);
    }
    root.reject_unknown_keys();
    return out;
}

namespace {

VirtualReaderSpec read_reader(const common::ConfigObject& r, std::size_t index, ProfileCache& profiles) {
    VirtualReaderSpec spec;
    spec.name = r.string("name", "R" + std::to_string(index + 1));
    spec.profile = profiles.get(common::resolve_beside(r.file(), r.string("profile")));

    if (r.has("tcp") == r.has("rtu")) r.fail("tcp", "give exactly one of tcp and rtu");
    if (auto t = r.optional_object("tcp")) {
        spec.tcp_host = t->string("host", "127.0.0.1");
        spec.tcp_port = static_cast<std::uint16_t>(t->integer("port", 0, 65535));
        t->reject_unknown_keys();
    } else {
        spec.rtu = read_serial_line(r.object("rtu"));
    }
    spec.unit_id = static_cast<int>(r.integer("unit_id", 1, spec.rtu ? 1 : 0, spec.rtu ? 247 : 255));

    const auto& pid = spec.profile.identity;
    spec.identity.serial = r.string("serial", "SIM-" + std::to_string(1000 + index));
    if (pid.serial_offset && spec.identity.serial.size() > std::size_t{pid.serial_registers} * 2) {
        r.fail("serial", "is longer than the profile's " + std::to_string(pid.serial_registers * 2) + " characters");
    }
    for (unsigned char c : spec.identity.serial) {
        if (c < 0x20 || c > 0x7E) r.fail("serial", "must be printable ASCII");
    }
    spec.identity.firmware = static_cast<std::uint16_t>(r.integer("firmware", 0x0100, 0, 0xFFFF));
    if (pid.antenna_count_offset) {
        spec.identity.antenna_count = static_cast<std::uint16_t>(r.integer("antennas", 1, map::kMaxAntennas));
    } else {
        spec.identity.antenna_count = static_cast<std::uint16_t>(
            r.integer("antennas", pid.antenna_count_fixed, pid.antenna_count_fixed, pid.antenna_count_fixed));
    }
    if (r.has("tags")) {
        const auto& tags = r.raw("tags");
        if (!tags.is_array()) r.fail("tags", "must be an array");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < tags.size(); ++i) {
            const std::string where = r.path_of("tags[" + std::to_string(i) + "]");
            if (!tags[i].is_object()) throw common::ConfigError(r.file() + ": " + where + ": must be an object");
            common::ConfigObject t(tags[i], r.file(), where);
            auto epc = common::normalize_epc(t.string("epc"));
            if (!epc) t.fail("epc", "\"" + t.string("epc") + "\" is not an EPC (4..64 hex digits, whole words)");
            if (!seen.insert(*epc).second) t.fail("epc", *epc + " is listed twice");
            map::TagRecord tag;
            tag.epc = *epc;
            tag.antenna = static_cast<std::uint16_t>(t.integer("antenna", 1, spec.identity.antenna_count));
            tag.rssi_decidbm = static_cast<std::int16_t>(std::lround(t.number("rssi_dbm", -55.0, -120.0, 0.0) * 10));
            tag.read_count = 1;
            t.reject_unknown_keys();
            spec.tags.push_back(tag);
        }
    }
    if (auto n = r.optional_object("noise")) spec.noise = read_noise(*n);
    r.reject_unknown_keys();
    return spec;
}

}  // namespace

SimConfig load_sim_config(const std::string& path) {
    const auto json = common::load_json_file(path);
    common::ConfigObject root(json, path);
    SimConfig cfg;
    auto control = root.object("control");
    cfg.control.host = control.string("host", "127.0.0.1");
    cfg.control.port = static_cast<std::uint16_t>(control.integer("port", 0, 65535));
    control.reject_unknown_keys();

    cfg.seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0, INT64_MAX));
    ProfileCache profiles;
    std::set<std::string> names;
    std::set<std::pair<std::string, int>> bus_units;
    const auto readers = root.objects("readers");
    for (std::size_t i = 0; i < readers.size(); ++i) {
        auto spec = read_reader(readers[i], i, profiles);
        if (!names.insert(spec.name).second) readers[i].fail("name", "\"" + spec.name + "\" names two readers");
        if (spec.rtu && !bus_units.insert({spec.rtu->device, spec.unit_id}).second) {
            readers[i].fail("unit_id", std::to_string(spec.unit_id) + " is used twice on " + spec.rtu->device);
        }
        cfg.readers.push_back(std::move(spec));
    }
    // One serial line has one set of line settings.
    std::map<std::string, SerialLine> lines;
    for (std::size_t i = 0; i < cfg.readers.size(); ++i) {
        const auto& s = cfg.readers[i];
        if (!s.rtu) continue;
        auto [it, fresh] = lines.emplace(s.rtu->device, *s.rtu);
        if (!fresh && !same_line_settings(it->second, *s.rtu)) {
            readers[i].fail("rtu", "line settings differ from another reader's on " + s.rtu->device);
        }
    }
    cfg.log_level = root.log_level("log_level");
    root.reject_unknown_keys();
    return cfg;
}

}  // namespace casetrail::bridge::sim
