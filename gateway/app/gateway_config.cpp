// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/gateway_config.hpp"

#include <charconv>
#include <map>
#include <regex>
#include <set>

#include "common/config_reader.hpp"
#include "firmware-bridge/drivers/serial_line_config.hpp"

namespace casetrail::gateway {

namespace {

const std::regex kCodePattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

// "3": "SHELF-CODE" (a shelf antenna), or "3": {"location": "CODE", "role": "portal-out", "portal": "DOOR-1"}.
AntennaSpec read_antenna(const common::ConfigObject& antennas, const std::string& key, int port) {
    AntennaSpec a;
    a.port = port;
    if (antennas.raw(key).is_object()) {
        const auto o = antennas.object(key);
        a.location_code = o.string("location");
        a.role = o.string("role", "shelf");
        const auto role = smoothing::role_from_string(a.role);
        if (!role) o.fail("role", "\"" + a.role + "\" is not shelf, desk, portal-in or portal-out");
        if (smoothing::is_portal(*role)) {
            a.portal = o.string("portal");
            if (!std::regex_match(a.portal, kCodePattern))
                o.fail("portal", "\"" + a.portal + "\" is not a doorway name");
        } else if (o.has("portal")) {
            o.fail("portal", "only portal-in and portal-out antennas belong to a doorway");
        }
        o.reject_unknown_keys();
        if (!std::regex_match(a.location_code, kCodePattern))
            o.fail("location", "\"" + a.location_code + "\" is not a location code");
    } else {
        a.location_code = antennas.string(key);
        if (!std::regex_match(a.location_code, kCodePattern)) {
            antennas.fail(key, "\"" + a.location_code + "\" is not a location code");
        }
    }
    return a;
}

smoothing::PlaceOptions read_place(const common::ConfigObject& o, smoothing::PlaceOptions p) {
    if (o.has("window")) {
        const auto& w = o.raw("window");
        if (w.is_string() && w.get<std::string>() == "adaptive") {
            p.window_rounds = 0;
        } else {
            p.window_rounds = static_cast<int>(o.integer("window", 1, 40));
        }
    }
    p.miss_tolerance = o.number("miss_tolerance", p.miss_tolerance, 1e-12, 0.49);
    p.quiet_tolerance = o.number("quiet_tolerance", p.quiet_tolerance, 1e-6, 0.99);
    p.min_window = static_cast<int>(o.integer("min_window", p.min_window, 1, 40));
    p.max_window = static_cast<int>(o.integer("max_window", p.max_window, 1, 40));
    if (p.max_window < p.min_window) o.fail("max_window", "must be at least min_window");
    p.arrive_reads = static_cast<int>(o.integer("arrive_reads", p.arrive_reads, 1, 40));
    p.strong_margin_db = o.number("strong_margin_db", p.strong_margin_db, 0.5, 40);
    p.hysteresis_db = o.number("hysteresis_db", p.hysteresis_db, 0, 40);
    p.ambiguous_after =
        std::chrono::milliseconds(o.integer("ambiguous_after_ms", p.ambiguous_after.count(), 0, 3600000));
    o.reject_unknown_keys();
    return p;
}

smoothing::SmoothingOptions read_smoothing(const common::ConfigObject& s) {
    smoothing::SmoothingOptions opt;
    for (const char* gone : {"confirm_rounds", "absent_rounds"}) {
        if (s.has(gone)) {
            s.fail(gone,
                   "was replaced by per-role windows: see smoothing.shelf, smoothing.desk and smoothing.portal "
                   "in config/README.md");
        }
    }
    if (auto o = s.optional_object("shelf")) opt.shelf = read_place(*o, opt.shelf);
    if (auto o = s.optional_object("desk")) opt.desk = read_place(*o, opt.desk);
    if (auto o = s.optional_object("portal")) {
        opt.portal.quiet = std::chrono::milliseconds(o->integer("quiet_ms", opt.portal.quiet.count(), 0, 600000));
        opt.portal.miss_tolerance = o->number("miss_tolerance", opt.portal.miss_tolerance, 1e-12, 0.49);
        opt.portal.switch_tolerance = o->number("switch_tolerance", opt.portal.switch_tolerance, 1e-12, 0.49);
        opt.portal.min_gap = std::chrono::milliseconds(o->integer("min_gap_ms", opt.portal.min_gap.count(), 0, 60000));
        opt.portal.margin_db = o->number("margin_db", opt.portal.margin_db, 0.5, 40);
        o->reject_unknown_keys();
    }
    s.reject_unknown_keys();
    if (auto error = smoothing::validate(opt)) throw common::ConfigError(s.file() + ": " + s.path_of(*error));
    return opt;
}

UnboundSettings read_unbound(const common::ConfigObject& u) {
    UnboundSettings s;
    s.limits.max_tracked = static_cast<std::size_t>(u.integer("max_tracked", 1000, 10, 1000000));
    s.limits.events_per_minute = static_cast<double>(u.integer("events_per_minute", 300, 0, 1000000));
    s.bindings_refresh = std::chrono::milliseconds(u.integer("bindings_refresh_ms", 10000, 1000, 3600000));
    u.reject_unknown_keys();
    return s;
}

ReaderSettings read_reader(const common::ConfigObject& r, bridge::ProfileCache& profiles) {
    ReaderSettings s;
    s.id = r.string("id");
    if (!std::regex_match(s.id, kCodePattern)) {
        r.fail("id", "\"" + s.id + "\" must be 1..64 letters, digits, '.', '_' or '-'");
    }
    if (r.has("host") == r.has("rtu")) r.fail("host", "give exactly one of host (Modbus/TCP) and rtu (serial line)");
    s.timeout = std::chrono::milliseconds(r.integer("timeout_ms", 1000, 10, 60000));
    if (r.has("host")) {
        s.host = r.string("host");
        s.port = static_cast<std::uint16_t>(r.integer("port", 502, 1, 65535));
        s.unit_id = static_cast<int>(r.integer("unit_id", 1, 0, 255));
    } else {
        s.rtu = bridge::read_serial_line(r.object("rtu"));
        s.rtu->timeout = s.timeout;
        s.unit_id = static_cast<int>(r.integer("unit_id", 1, 1, 247));
    }
    s.profile_path = common::resolve_beside(r.file(), r.string("profile"));
    s.profile = profiles.get(s.profile_path);
    const auto antennas = r.object("antennas");
    for (const auto& key : r.keys_of("antennas")) {
        int port = 0;
        auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), port);
        if (ec != std::errc{} || end != key.data() + key.size() || port < 1 || port > 32) {
            antennas.fail(key, "antenna ports are numbers 1..32");
        }
        s.antennas.push_back(read_antenna(antennas, key, port));
    }
    if (s.antennas.empty()) r.fail("antennas", "must map at least one antenna port to a location code");
    r.reject_unknown_keys();
    return s;
}

}  // namespace

GatewayConfig load_gateway_config(const std::string& path) {
    bridge::ProfileCache profiles;
    return parse_gateway_config(common::load_json_file(path), path, profiles);
}

GatewayConfig parse_gateway_config(const nlohmann::json& json, const std::string& source,
                                   bridge::ProfileCache& profiles) {
    common::ConfigObject root(json, source);
    GatewayConfig cfg;
    cfg.database = root.string("database");
    cfg.poll_interval = std::chrono::milliseconds(root.integer("poll_interval_ms", 500, 50, 600000));
    cfg.health_report_interval = std::chrono::milliseconds(root.integer("health_report_ms", 2000, 500, 600000));
    cfg.status_interval = std::chrono::milliseconds(root.integer("status_interval_ms", 2000, 100, 600000));
    if (auto s = root.optional_object("smoothing")) cfg.smoothing = read_smoothing(*s);
    if (auto u = root.optional_object("unbound_tags")) cfg.unbound = read_unbound(*u);
    if (auto w = root.optional_object("writer")) {
        cfg.writer.batch_size = static_cast<std::size_t>(w->integer("batch_size", 2000, 1, 100000));
        cfg.writer.flush_interval = std::chrono::milliseconds(w->integer("flush_interval_ms", 200, 1, 60000));
        cfg.writer.connections = static_cast<std::size_t>(w->integer("connections", 2, 1, 16));
        w->reject_unknown_keys();
    }
    {
        auto sp = root.object("spool");
        cfg.spool.dir = sp.string("dir");
        cfg.spool.segment_bytes = static_cast<std::uint64_t>(sp.integer("segment_kb", 8192, 4, 1 << 20)) << 10;
        cfg.spool.max_bytes = static_cast<std::uint64_t>(sp.integer("max_mb", 256, 1, 1 << 20)) << 20;
        cfg.spool.warn_ratio = sp.number("warn_ratio", 0.8, 0.1, 0.99);
        cfg.spool.fsync_interval = std::chrono::milliseconds(sp.integer("fsync_interval_ms", 10, 0, 10000));
        cfg.spool.fsync_records = static_cast<std::size_t>(sp.integer("fsync_records", 512, 1, 100000));
        sp.reject_unknown_keys();
        if (cfg.spool.segment_bytes * 2 > cfg.spool.max_bytes) {
            sp.fail("segment_kb", "a segment must be at most half of max_mb, so that acknowledged segments can go");
        }
    }
    std::set<std::string> ids;
    std::set<std::string> endpoints;
    std::map<std::string, bridge::SerialLine> lines;
    std::map<std::string, std::pair<std::string, std::set<std::string>>> portals;  // doorway -> reader, roles
    for (const auto& r : root.objects("readers")) {
        auto s = read_reader(r, profiles);
        if (!ids.insert(s.id).second) r.fail("id", "\"" + s.id + "\" names two readers");
        const auto ep = s.address() + "/" + std::to_string(s.unit_id);
        if (!endpoints.insert(ep).second) r.fail(s.rtu ? "unit_id" : "host", "another reader already uses " + ep);
        if (s.rtu) {
            // One serial line, one set of line settings: the bus is opened once for all its readers.
            auto [it, fresh] = lines.emplace(s.rtu->device, *s.rtu);
            if (!fresh && !bridge::same_line_settings(it->second, *s.rtu)) {
                r.fail("rtu", "line settings differ from another reader's on " + s.rtu->device);
            }
        }
        for (const auto& a : s.antennas) {
            if (a.portal.empty()) continue;
            // A doorway: one inside and one outside antenna, both on this reader (its two sides are read in
            // one round, so that the order of the reads is known).
            auto& sides = portals[a.portal];
            if (!sides.first.empty() && sides.first != s.id) {
                r.fail("antennas", "doorway \"" + a.portal + "\" has antennas on readers " + sides.first + " and " +
                                       s.id + "; both sides must be on one reader");
            }
            sides.first = s.id;
            if (!sides.second.insert(a.role).second) {
                r.fail("antennas", "doorway \"" + a.portal + "\" has two " + a.role + " antennas");
            }
        }
        cfg.readers.push_back(std::move(s));
    }
    for (const auto& [name, sides] : portals) {
        if (sides.second.size() != 2) {
            root.fail("readers", "doorway \"" + name + "\" needs one portal-in and one portal-out antenna");
        }
    }
    cfg.log_level = root.log_level("log_level");
    root.reject_unknown_keys();
    return cfg;
}

}  // namespace casetrail::gateway
