#include "gateway/gateway_config.hpp"

#include <charconv>
#include <regex>
#include <map>
#include <set>

#include "drivers/serial_line_config.hpp"
#include "support/config_reader.hpp"

namespace casetrail::gateway {

namespace {

const std::regex kCodePattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

ReaderSettings read_reader(const support::ConfigObject& r, bridge::ProfileCache& profiles) {
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
    s.profile_path = support::resolve_beside(r.file(), r.string("profile"));
    s.profile = profiles.get(s.profile_path);
    const auto antennas = r.object("antennas");
    for (const auto& key : r.keys_of("antennas")) {
        int port = 0;
        auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), port);
        if (ec != std::errc{} || end != key.data() + key.size() || port < 1 || port > 32) {
            antennas.fail(key, "antenna ports are numbers 1..32");
        }
        const std::string code = antennas.string(key);
        if (!std::regex_match(code, kCodePattern)) antennas.fail(key, "\"" + code + "\" is not a location code");
        s.antennas.emplace_back(port, code);
    }
    if (s.antennas.empty()) r.fail("antennas", "must map at least one antenna port to a location code");
    r.reject_unknown_keys();
    return s;
}

}  // namespace

GatewayConfig load_gateway_config(const std::string& path) {
    const auto json = support::load_json_file(path);
    support::ConfigObject root(json, path);
    GatewayConfig cfg;
    cfg.database = root.string("database");
    cfg.poll_interval = std::chrono::milliseconds(root.integer("poll_interval_ms", 500, 50, 600000));
    cfg.health_report_interval = std::chrono::milliseconds(root.integer("health_report_ms", 2000, 500, 600000));
    if (auto s = root.optional_object("smoothing")) {
        cfg.smoothing.confirm_rounds = static_cast<int>(s->integer("confirm_rounds", 2, 1, 100));
        cfg.smoothing.absent_rounds = static_cast<int>(s->integer("absent_rounds", 3, 2, 1000));
        s->reject_unknown_keys();
    }
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
    bridge::ProfileCache profiles;
    std::set<std::string> endpoints;
    std::map<std::string, bridge::SerialLine> lines;
    for (const auto& r : root.objects("readers")) {
        auto s = read_reader(r, profiles);
        if (!ids.insert(s.id).second) r.fail("id", "\"" + s.id + "\" names two readers");
        const auto ep = (s.rtu ? s.rtu->device : s.host + ":" + std::to_string(s.port)) + "/" + std::to_string(s.unit_id);
        if (!endpoints.insert(ep).second) r.fail(s.rtu ? "unit_id" : "host", "another reader already uses " + ep);
        if (s.rtu) {
            // One serial line, one set of line settings: the bus is opened once for all its readers.
            auto [it, fresh] = lines.emplace(s.rtu->device, *s.rtu);
            if (!fresh && !bridge::same_line_settings(it->second, *s.rtu)) {
                r.fail("rtu", "line settings differ from another reader's on " + s.rtu->device);
            }
        }
        cfg.readers.push_back(std::move(s));
    }
    cfg.log_level = root.log_level("log_level");
    root.reject_unknown_keys();
    return cfg;
}

}  // namespace casetrail::gateway
