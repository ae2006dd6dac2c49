#include "gateway/gateway.hpp"

#include <map>
#include <set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "drivers/reader_driver.hpp"
#include "gateway/event_id.hpp"
#include "gateway/event_spooler.hpp"
#include "gateway/event_writer.hpp"
#include "gateway/spool_codec.hpp"
#include "gateway/reader_poller.hpp"
#include "gateway/tag_smoother.hpp"
#include "store/errors.hpp"
#include "store/event_store.hpp"
#include "spool/spool.hpp"
#include "support/ready_file.hpp"
#include "support/time_format.hpp"

namespace casetrail::gateway {

namespace net = boost::asio;

namespace {

constexpr std::chrono::seconds kRegisterRetry{2};
constexpr std::chrono::seconds kDrainOnStop{5};
constexpr std::chrono::seconds kStatusEvery{2};

store::EventRow to_row(const LocationEvent& e, const std::string& reader_code, int antenna_port) {
    store::EventRow row;
    row.kind = to_string(e.kind);
    row.event_id = event_id(reader_code, antenna_port, e.epc, row.kind, support::to_epoch_us(e.observed_at));
    row.epc = e.epc;
    row.antenna_id = e.zone.antenna_id;
    row.location_id = e.zone.location_id;
    row.from_location_id = e.from_location_id;
    row.observed_us = support::to_epoch_us(e.observed_at);
    nlohmann::json evidence = {{"rounds", e.rounds}, {"decided_at", support::format_utc(e.decided_at)}};
    if (e.kind != EventKind::departed) evidence["rssi_dbm"] = e.rssi_decidbm / 10.0;
    row.evidence_json = evidence.dump();
    return row;
}

EventKind kind_of(const std::string& kind) {
    if (kind == "arrived") return EventKind::arrived;
    if (kind == "moved") return EventKind::moved;
    return EventKind::departed;
}

void write_status(const std::string& path, const GatewayHealth& h, const spool::Spool& spool, std::size_t queued) {
    const char* state = h.polling_paused ? "full" : (h.spool_warning ? "warning" : "ok");
    support::write_ready_file(path, {{"spool", state},
                                     {"spool_bytes", spool.bytes_used()},
                                     {"spool_cap_bytes", spool.max_bytes()},
                                     {"database", h.database_ok ? "ok" : "unavailable"},
                                     {"events_spooled", h.events_spooled.load()},
                                     {"events_written", h.events_written.load()},
                                     {"events_queued", queued},
                                     {"ts", support::format_utc(std::chrono::system_clock::now())}});
}

std::vector<store::ReaderRegistration> registrations(const GatewayConfig& cfg) {
    std::vector<store::ReaderRegistration> out;
    for (const auto& r : cfg.readers) {
        out.push_back({r.id, "tcp", r.host + ":" + std::to_string(r.port), r.unit_id, r.antennas});
    }
    return out;
}

}  // namespace

int run_gateway(const GatewayConfig& cfg, const support::Clock& clock, const support::Logger& log,
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

    // 2. Register readers and antennas; wait for the database if it is not up yet.
    store::EventStore store(cfg.database);
    std::vector<store::RegisteredAntenna> antennas;
    bool logged_wait = false;
    while (!stopping) {
        try {
            antennas = store.register_readers(registrations(cfg));
            break;
        } catch (const store::StoreUnavailable& e) {
            if (!logged_wait) log.warn("waiting for the database", {{"error", e.what()}});
            logged_wait = true;
        } catch (const store::StoreMismatch& e) {
            log.error("configuration does not match the database", {{"error", e.what()}});
            return 2;
        }
        ioc.restart();
        ioc.run_for(kRegisterRetry);
    }
    if (stopping) return 0;

    std::map<std::pair<int, int>, Zone> zones;  // (reader index, port) -> zone
    std::vector<std::int64_t> antenna_ids;
    std::map<std::int64_t, Zone> zone_by_antenna;
    std::map<std::int64_t, int> port_of;  // antenna id -> port
    for (std::size_t i = 0; i < cfg.readers.size(); ++i) {
        for (const auto& a : antennas) {
            if (a.reader_code != cfg.readers[i].id) continue;
            const Zone z{static_cast<int>(i), a.antenna_id, a.location_id};
            zones[{static_cast<int>(i), a.port}] = z;
            zone_by_antenna[a.antenna_id] = z;
            port_of[a.antenna_id] = a.port;
            antenna_ids.push_back(a.antenna_id);
        }
    }

    // 3. Start from where the database says tags are, then apply what the spool holds on top (newer,
    //    not yet written), so a restart makes no spurious or repeated events.
    TagSmoother smoother(cfg.smoothing);
    try {
        for (const auto& t : store.present_tags(antenna_ids)) smoother.seed(t.epc, zone_by_antenna.at(t.antenna_id), clock.now());
    } catch (const store::StoreUnavailable& e) {
        log.warn("could not load current locations; starting empty", {{"error", e.what()}});
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
        if (auto it = zone_by_antenna.find(row->antenna_id); it != zone_by_antenna.end()) {
            smoother.apply(kind_of(row->kind), row->epc, it->second, support::from_epoch_us(row->observed_us));
        }
        replay.push_back({r.seq, std::move(*row)});
    }
    if (undecodable) log.error("spool records that do not decode were skipped", {{"records", undecodable}});
    log.info("readers registered", {{"readers", cfg.readers.size()},
                                    {"antennas", antennas.size()},
                                    {"tags_present", smoother.tracked_tags()}});

    // 4. Poll, spool, write.
    EventWriter writer(cfg.database, spool, cfg.writer, health, log.child("writer"));
    writer.enqueue(std::move(replay));
    writer.start();
    EventSpooler spooler(spool, cfg.spool, health, [&writer](std::vector<SpooledEvent> e) { writer.enqueue(std::move(e)); },
                         log.child("spool"));
    spooler.start();
    net::thread_pool workers(std::min<std::size_t>(cfg.readers.size(), 16));
    std::set<std::pair<int, int>> unmapped_logged;
    std::uint64_t events_total = 0;

    auto on_round = [&](const PollOutcome& outcome) {
        std::vector<TagRead> reads;
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
            reads.push_back({t.epc, it->second, t.rssi_decidbm, t.read_count});
        }
        std::vector<store::EventRow> rows;
        for (const auto& e : smoother.on_round(outcome.reader, outcome.at, reads)) {
            log.debug("location event", {{"kind", to_string(e.kind)}, {"epc", e.epc}, {"location_id", e.zone.location_id}});
            const auto& reader = cfg.readers[static_cast<std::size_t>(e.zone.reader)];
            rows.push_back(to_row(e, reader.id, port_of.at(e.zone.antenna_id)));
        }
        events_total += rows.size();
        spooler.enqueue(std::move(rows));
    };

    std::vector<std::shared_ptr<ReaderPoller>> pollers;
    for (std::size_t i = 0; i < cfg.readers.size(); ++i) {
        const auto& r = cfg.readers[i];
        auto driver = bridge::make_modbus_tcp_driver({r.host, r.port, r.unit_id, r.timeout});
        pollers.push_back(std::make_shared<ReaderPoller>(ioc, workers, static_cast<int>(i), r, cfg.poll_interval,
                                                         std::move(driver), clock, health, on_round,
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
    on_stop = [&] {
        for (auto& p : pollers) p->stop();
        status_timer.cancel();
        ioc.stop();
    };
    for (auto& p : pollers) p->start();
    if (ready_file) support::write_ready_file(*ready_file, {{"readers", cfg.readers.size()}});
    log.info("polling", {{"interval_ms", cfg.poll_interval.count()}});

    ioc.restart();
    ioc.run();

    // In-flight polls finish (bounded by the reader timeout); everything derived is spooled; the writer
    // gets a moment to write it; what it cannot write stays in the spool for the next start.
    workers.join();
    spooler.stop();
    writer.stop(kDrainOnStop);
    write_status(status_path, health, spool, writer.queued());
    log.info("stopped", {{"events", events_total},
                         {"written", health.events_written.load()},
                         {"left_in_spool", writer.queued()}});
    return 0;
}

}  // namespace casetrail::gateway
