#include "gateway/app/gateway_daemon.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "common/pg/store_errors.hpp"
#include "common/ready_file.hpp"
#include "common/time_format.hpp"
#include "firmware-bridge/drivers/reader_driver.hpp"
#include "gateway/app/local_state.hpp"
#include "gateway/events/event_id.hpp"
#include "gateway/events/event_spooler.hpp"
#include "gateway/events/event_writer.hpp"
#include "gateway/events/spool_codec.hpp"
#include "gateway/polling/reader_poller.hpp"
#include "gateway/smoothing/location_smoother.hpp"
#include "gateway/spool/spool.hpp"
#include "gateway/store/event_store.hpp"
#include "gateway/store/reader_registry.hpp"

namespace casetrail::gateway {

namespace net = boost::asio;

namespace {

constexpr std::chrono::seconds kRegisterRetry{2};
constexpr std::chrono::seconds kDrainOnStop{5};
constexpr std::chrono::seconds kStatusEvery{2};
constexpr std::chrono::seconds kStateEvery{1};

// One antenna as the gateway knows it, indexed by the smoothing core's zone id.
struct ZoneInfo {
    std::string reader_code;
    int port = 0;
    std::int64_t antenna_id = 0;
    std::int64_t location_id = 0;
};

double rounded(double v, double unit) { return std::round(v / unit) * unit; }

// What decided the event, for audit: reads, signal and window at the place, and at the other place.
nlohmann::json evidence_of(const smoothing::LocationEvent& e) {
    using smoothing::EventKind;
    const auto& ev = e.evidence;
    nlohmann::json j = {{"decided_at", common::format_utc(e.decided_at)}};
    if (e.kind == EventKind::passed_out || e.kind == EventKind::passed_in) {
        auto side = [](const smoothing::PortalSide& s) {
            return nlohmann::json{{"reads", s.reads}, {"peak_rssi_dbm", s.reads ? rounded(s.peak_dbm, 0.1) : 0.0}};
        };
        j["inside"] = side(ev.pass.inside);
        j["outside"] = side(ev.pass.outside);
        j["gap_ms"] = std::lround(ev.pass.gap_ms);
        return j;
    }
    j["reads"] = ev.reads;
    j["window_rounds"] = ev.window;
    j["read_rate"] = rounded(ev.read_rate, 0.01);
    j["rssi_dbm"] = rounded(ev.rssi_dbm, 0.1);
    if (e.kind == EventKind::moved || e.kind == EventKind::ambiguous || e.kind == EventKind::resolved) {
        j["other_reads"] = ev.other_reads;
        j["other_rssi_dbm"] = rounded(ev.other_rssi_dbm, 0.1);
    }
    if (e.kind == EventKind::moved || e.kind == EventKind::departed || e.kind == EventKind::resolved) {
        j["quiet_rounds"] = ev.quiet_rounds;
    }
    return j;
}

EventRow to_row(const smoothing::LocationEvent& e, const std::string& epc, const std::vector<ZoneInfo>& zones) {
    using smoothing::EventKind;
    const auto& z = zones.at(e.zone);
    EventRow row;
    row.kind = smoothing::to_string(e.kind);
    row.observed_us = common::to_epoch_us(e.observed_at);
    row.event_id = event_id(z.reader_code, z.port, epc, row.kind, row.observed_us);
    row.epc = epc;
    row.antenna_id = z.antenna_id;
    row.location_id = z.location_id;
    if (e.kind == EventKind::moved) row.from_location_id = zones.at(e.other).location_id;
    if (e.kind == EventKind::ambiguous || e.kind == EventKind::resolved) {
        row.alt_antenna_id = zones.at(e.other).antenna_id;
        row.alt_location_id = zones.at(e.other).location_id;
    }
    row.evidence_json = evidence_of(e).dump();
    return row;
}

// The signal recorded with an event, so that a restarted core knows the tag's usual strength there.
std::optional<float> evidence_rssi(const EventRow& row) {
    const auto j = nlohmann::json::parse(row.evidence_json, nullptr, false);
    if (j.is_object() && j.contains("rssi_dbm") && j["rssi_dbm"].is_number()) return j["rssi_dbm"].get<float>();
    return std::nullopt;
}

bool leaves_place(const std::string& kind) { return kind == "departed" || kind == "passed_out" || kind == "passed_in"; }

void write_status(const std::string& path, const GatewayHealth& h, const spool::Spool& spool, std::size_t queued) {
    const char* state = h.polling_paused ? "full" : (h.spool_warning ? "warning" : "ok");
    common::write_ready_file(path, {{"spool", state},
                                     {"spool_bytes", spool.bytes_used()},
                                     {"spool_cap_bytes", spool.max_bytes()},
                                     {"database", h.database_ok ? "ok" : "unavailable"},
                                     {"events_spooled", h.events_spooled.load()},
                                     {"events_written", h.events_written.load()},
                                     {"events_queued", queued},
                                     {"ts", common::format_utc(std::chrono::system_clock::now())}});
}

ReaderHealthRow health_row(const HealthSnapshot& h) {
    ReaderHealthRow r;
    r.reader_code = h.reader;
    r.state = to_string(h.state);
    r.since_us = common::to_epoch_us(h.since);
    r.reason = h.reason;
    if (h.last_good_poll) r.last_good_poll_us = common::to_epoch_us(*h.last_good_poll);
    r.consecutive_failures = h.consecutive_failures;
    r.polls = static_cast<std::int64_t>(h.polls);
    r.failures = static_cast<std::int64_t>(h.failures);
    r.timeouts = static_cast<std::int64_t>(h.timeouts);
    r.crc_errors = static_cast<std::int64_t>(h.crc_errors);
    r.decode_errors = static_cast<std::int64_t>(h.decode_errors);
    r.reconnects = static_cast<std::int64_t>(h.reconnects);
    nlohmann::json ex = nlohmann::json::object();
    for (const auto& [code, n] : h.exceptions) ex[std::to_string(code)] = n;
    r.exceptions_json = ex.dump();
    r.latency_p50_ms = h.latency_p50_ms;
    r.latency_p99_ms = h.latency_p99_ms;
    return r;
}

std::vector<ReaderRegistration> registrations(const GatewayConfig& cfg) {
    std::vector<ReaderRegistration> out;
    for (const auto& r : cfg.readers) {
        out.push_back({r.id, r.rtu ? "rtu" : "tcp", r.address(), r.unit_id, r.antennas});
    }
    return out;
}

}  // namespace

int run_gateway(const GatewayConfig& cfg, const common::Clock& clock, const common::Logger& log,
                const std::optional<std::string>& ready_file) {
    net::io_context ioc(1);
    bool stopping = false;
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    std::function<void()> on_stop = [&] { ioc.stop(); };
    std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec,
                                                                                int signo) {
        if (ec) return;
        log.info("stopping", {{"signal", signo}});
        stopping = true;
        on_stop();
    };
    signals.async_wait(on_signal);

    // 1. Open the spool first: what it holds happened, whatever the database knows.
    spool::Spool spool({cfg.spool.dir, cfg.spool.segment_bytes, cfg.spool.max_bytes}, log.child("spool"));
    auto recovered = spool.take_recovered();
    log.info("spool opened", {{"dir", cfg.spool.dir},
                              {"unwritten_events", recovered.size()},
                              {"torn_records_cut", spool.recovery().torn_records}});

    // 2. Register readers and antennas. Without the database, start from the local state of the last
    //    run when it matches this configuration; otherwise wait for the database.
    const std::string state_path = cfg.spool.dir + "/state.json";
    auto cached = load_local_state(state_path, log);
    if (cached && !matches_config(*cached, cfg)) cached.reset();
    ReaderRegistry registry(cfg.database);
    EventStore store(cfg.database);
    std::vector<RegisteredAntenna> antennas;
    bool database_at_start = false;
    bool logged_wait = false;
    while (!stopping) {
        try {
            antennas = registry.register_readers(registrations(cfg));
            database_at_start = true;
            break;
        } catch (const pg::StoreUnavailable& e) {
            if (cached) {
                log.warn("database unavailable: starting from the local state of the last run",
                         {{"error", e.what()}, {"tags_present", cached->positions.size()}});
                antennas = cached->antennas;
                break;
            }
            if (!logged_wait) log.warn("waiting for the database", {{"error", e.what()}});
            logged_wait = true;
        } catch (const pg::StoreMismatch& e) {
            log.error("configuration does not match the database", {{"error", e.what()}});
            return 2;
        }
        ioc.restart();
        ioc.run_for(kRegisterRetry);
    }
    if (stopping) return 0;

    // Every registered antenna becomes a zone of the smoothing core, with its role and doorway from the config.
    smoothing::LocationSmoother smoother(cfg.smoothing);
    std::vector<ZoneInfo> zone_info;                                  // by zone id
    std::map<std::pair<int, int>, smoothing::ZoneId> zones;           // (reader index, port) -> zone
    std::map<std::int64_t, smoothing::ZoneId> zone_by_antenna;
    std::map<std::string, int> doorways;
    std::vector<std::int64_t> antenna_ids;
    for (std::size_t i = 0; i < cfg.readers.size(); ++i) {
        for (const auto& a : antennas) {
            if (a.reader_code != cfg.readers[i].id) continue;
            smoothing::ZoneSpec spec{static_cast<int>(i), a.location_id, smoothing::Role::shelf, -1};
            for (const auto& c : cfg.readers[i].antennas) {
                if (c.port != a.port) continue;
                spec.role = *smoothing::role_from_string(c.role);  // checked when the config was loaded
                if (!c.portal.empty()) spec.portal = doorways.try_emplace(c.portal, static_cast<int>(doorways.size())).first->second;
            }
            const auto id = smoother.add_zone(spec);
            zone_info.push_back({a.reader_code, a.port, a.antenna_id, a.location_id});
            zones[{static_cast<int>(i), a.port}] = id;
            zone_by_antenna[a.antenna_id] = id;
            antenna_ids.push_back(a.antenna_id);
        }
    }

    // 3. Start from where the database (or the local state) says tags are, then apply what the spool
    //    holds on top (newer, not yet written), so a restart makes no spurious or repeated events.
    std::uint64_t seeded_through = 0;  // spooled events already reflected in the seed
    auto seed_from_cache = [&] {
        for (const auto& [epc, antenna] : cached->positions) {
            if (auto it = zone_by_antenna.find(antenna); it != zone_by_antenna.end()) smoother.seed(smoother.tag(epc), it->second);
        }
        seeded_through = cached->seq;
    };
    if (database_at_start) {
        try {
            for (const auto& t : store.present_tags(antenna_ids)) {
                const auto tag = smoother.tag(t.epc);
                const auto alt = t.alt_antenna_id ? zone_by_antenna.find(*t.alt_antenna_id) : zone_by_antenna.end();
                std::optional<float> rssi;
                if (t.rssi_dbm) rssi = static_cast<float>(*t.rssi_dbm);
                if (alt != zone_by_antenna.end()) {
                    smoother.seed_ambiguous(tag, zone_by_antenna.at(t.antenna_id), alt->second, rssi);
                } else {
                    smoother.seed(tag, zone_by_antenna.at(t.antenna_id), rssi);
                }
            }
        } catch (const pg::StoreUnavailable& e) {
            if (cached) {
                log.warn("could not load current locations; using the local state", {{"error", e.what()}});
                seed_from_cache();
            } else {
                log.warn("could not load current locations; starting empty", {{"error", e.what()}});
            }
        }
    } else {
        seed_from_cache();
    }
    GatewayHealth health;
    std::vector<SpooledEvent> replay;
    std::size_t undecodable = 0;
    for (auto& r : recovered) {
        auto row = decode_event(r.payload);
        if (!row) {
            ++undecodable;  // acknowledged with the rest once written; kept nowhere else
            continue;
        }
        const auto it = zone_by_antenna.find(row->antenna_id);
        const auto kind = smoothing::event_kind_from_string(row->kind);
        if (r.seq > seeded_through && it != zone_by_antenna.end() && kind) {
            const auto other = row->alt_antenna_id ? zone_by_antenna.find(*row->alt_antenna_id) : zone_by_antenna.end();
            smoother.apply(*kind, smoother.tag(row->epc), it->second,
                           other != zone_by_antenna.end() ? other->second : smoothing::kNoZone, evidence_rssi(*row));
        }
        replay.push_back({r.seq, std::move(*row)});
    }
    if (undecodable) log.error("spool records that do not decode were skipped", {{"records", undecodable}});
    log.info("readers registered", {{"readers", cfg.readers.size()},
                                    {"antennas", antennas.size()},
                                    {"tags_present", smoother.tracked_tags()}});

    // 4. Poll, spool, write. The local state follows every durably spooled event and is saved every
    //    kStateEvery; the spool is acknowledged only up to what both the database and the saved state hold.
    LocalState local;
    local.antennas = antennas;
    for (smoothing::TagId tag = 0; tag < smoother.tracked_tags(); ++tag) {
        const auto w = smoother.where(tag);
        if (w.presence != smoothing::Presence::absent) local.positions[smoother.epc(tag)] = zone_info[w.zone].antenna_id;
    }
    local.seq = spool.last_seq();
    save_local_state(state_path, local);
    std::atomic<std::uint64_t> committed_seq{0};
    std::atomic<std::uint64_t> saved_seq{local.seq};
    auto acknowledge = [&] { spool.ack(std::min(committed_seq.load(), saved_seq.load())); };
    EventWriter writer(cfg.database,
                       [&](std::uint64_t seq) {
                           std::uint64_t cur = committed_seq.load();
                           while (seq > cur && !committed_seq.compare_exchange_weak(cur, seq)) {
                           }
                           acknowledge();
                       },
                       cfg.writer, health, log.child("writer"));
    writer.enqueue(std::move(replay));
    writer.start();
    auto last_state_save = std::chrono::steady_clock::now();
    auto save_state = [&] {
        save_local_state(state_path, local);
        saved_seq = local.seq;
        acknowledge();
        last_state_save = std::chrono::steady_clock::now();
    };
    EventSpooler spooler(spool, cfg.spool, health,
                         [&](std::vector<SpooledEvent> events) {
                             // On the spooler thread: the only user of `local` while it runs.
                             for (const auto& e : events) {
                                 if (leaves_place(e.row.kind)) {
                                     local.positions.erase(e.row.epc);
                                 } else {
                                     local.positions[e.row.epc] = e.row.antenna_id;
                                 }
                                 local.seq = e.seq;
                             }
                             writer.enqueue(std::move(events));
                         },
                         log.child("spool"),
                         [&] {
                             if (local.seq > saved_seq.load() &&
                                 std::chrono::steady_clock::now() - last_state_save >= kStateEvery) {
                                 save_state();
                             }
                         });
    spooler.start();
    // One worker per line (TCP reader or serial bus), so that a hanging reader holds only its own.
    std::set<std::string> lines_in_use;
    for (const auto& r : cfg.readers) lines_in_use.insert(r.rtu ? r.rtu->device : r.id);
    net::thread_pool workers(std::clamp<std::size_t>(lines_in_use.size(), 1, 64));
    std::set<std::pair<int, int>> unmapped_logged;
    std::uint64_t events_total = 0;

    std::vector<smoothing::Read> reads;  // reused: no allocation per round once warm
    auto on_round = [&](const PollOutcome& outcome) {
        reads.clear();
        for (const auto& t : outcome.result.value().tags) {
            auto it = zones.find({outcome.reader, t.antenna});
            if (it == zones.end()) {
                if (unmapped_logged.insert({outcome.reader, t.antenna}).second) {
                    log.warn("reads on an antenna with no location; ignored",
                             {{"reader", cfg.readers[static_cast<std::size_t>(outcome.reader)].id},
                              {"antenna", t.antenna}});
                }
                continue;
            }
            reads.push_back({smoother.tag(t.epc), it->second, t.rssi_decidbm, t.read_count});
        }
        std::vector<EventRow> rows;
        for (const auto& e : smoother.on_round(outcome.reader, outcome.at, reads)) {
            rows.push_back(to_row(e, smoother.epc(e.tag), zone_info));
            log.debug("location event", {{"kind", rows.back().kind}, {"epc", rows.back().epc},
                                         {"location_id", rows.back().location_id}});
        }
        events_total += rows.size();
        spooler.enqueue(std::move(rows));
    };

    std::vector<std::shared_ptr<ReaderPoller>> pollers;
    // Each serial bus is opened once and its readers take turns on one strand; TCP readers run in parallel.
    std::map<std::string, std::pair<std::shared_ptr<bridge::ModbusLink>, ReaderPoller::Strand>> buses;
    for (std::size_t i = 0; i < cfg.readers.size(); ++i) {
        const auto& r = cfg.readers[i];
        std::shared_ptr<bridge::ModbusLink> link;
        auto strand = net::make_strand(workers);
        if (r.rtu) {
            auto [it, fresh] = buses.try_emplace(r.rtu->device, nullptr, strand);
            if (fresh) it->second.first = bridge::make_rtu_link(*r.rtu);
            link = it->second.first;
            strand = it->second.second;
        } else {
            link = bridge::make_tcp_link(r.host, r.port, r.timeout);
        }
        auto driver = bridge::make_modbus_driver(link, r.unit_id, r.profile);
        pollers.push_back(std::make_shared<ReaderPoller>(ioc, strand, static_cast<int>(i),
                                                         PolledReader{r.id, r.address(), r.unit_id}, cfg.poll_interval,
                                                         std::move(driver), clock, health.polling_paused, on_round,
                                                         log.child("poller")));
    }
    // A status file beside the spool, for monitoring: spool level and state, database reachability.
    const std::string status_path = cfg.spool.dir + "/status.json";
    net::steady_timer status_timer(ioc);
    std::function<void()> status_tick = [&] {
        write_status(status_path, health, spool, writer.queued());
        status_timer.expires_after(kStatusEvery);
        status_timer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec) status_tick();
        });
    };
    status_tick();

    // Reader health goes to the database at a bounded rate, off the event loop, one write at a time.
    net::steady_timer health_timer(ioc);
    std::atomic<bool> health_writing{false};
    std::function<void()> health_tick = [&] {
        if (!health_writing.exchange(true)) {
            std::vector<ReaderHealthRow> rows;
            for (const auto& p : pollers) rows.push_back(health_row(p->health()));
            net::post(workers, [&, rows = std::move(rows)] {
                try {
                    registry.report_health(rows);
                } catch (const std::exception& e) {
                    log.debug("reader health not reported", {{"error", e.what()}});
                }
                health_writing = false;
            });
        }
        health_timer.expires_after(cfg.health_report_interval);
        health_timer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec) health_tick();
        });
    };
    health_timer.expires_after(std::chrono::milliseconds(200));
    health_timer.async_wait([&](const boost::system::error_code& ec) {
        if (!ec) health_tick();
    });
    on_stop = [&] {
        for (auto& p : pollers) p->stop();
        status_timer.cancel();
        health_timer.cancel();
        ioc.stop();
    };
    for (auto& p : pollers) p->start();
    if (ready_file) common::write_ready_file(*ready_file, {{"readers", cfg.readers.size()}});
    log.info("polling", {{"interval_ms", cfg.poll_interval.count()}});

    ioc.restart();
    ioc.run();

    // In-flight polls finish (bounded by the reader timeout); everything derived is spooled; the writer
    // gets a moment to write it; what it cannot write stays in the spool for the next start.
    workers.join();
    spooler.stop();
    save_state();
    writer.stop(kDrainOnStop);
    write_status(status_path, health, spool, writer.queued());
    log.info("stopped", {{"events", events_total},
                         {"written", health.events_written.load()},
                         {"left_in_spool", writer.queued()}});
    return 0;
}

}  // namespace casetrail::gateway
