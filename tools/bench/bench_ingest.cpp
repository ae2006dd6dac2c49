// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// bench-ingest: how fast location events go from the spool into PostgreSQL, next to the ceilings of the
// same machine and database in the same run: psql \copy of the same rows, single-row INSERTs and
// 1000-row multi-VALUES INSERTs. Then the end-to-end latency (observation -> committed row) at a steady
// rate. Run through tools/bench-ingest, which starts a PostgreSQL with fsync on.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <pqxx/pqxx>

#include "common/build_info.hpp"
#include "common/command_line.hpp"
#include "common/time_format.hpp"
#include "gateway/events/event_id.hpp"
#include "gateway/events/event_spooler.hpp"
#include "gateway/events/event_writer.hpp"
#include "gateway/spool/spool.hpp"
#include "gateway/store/event_store.hpp"
#include "server/store/migrations.hpp"

using namespace casetrail;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTags = 10000;

std::string with_db(const std::string& admin, const std::string& db) { return admin + " dbname=" + db; }

void exec(const std::string& conninfo, const std::string& sql) {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    tx.exec(sql);
}

// A fresh database with the schema, one site with 8 shelves, reader R1 and kTags tagged dossiers.
std::string fresh_database(const std::string& admin, const std::string& name, const common::Logger& log) {
    exec(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    exec(admin, "CREATE DATABASE " + name);
    auto db = with_db(admin, name);
    store::migrate(db, store::embedded_migrations(), log);
    exec(db, R"sql(
INSERT INTO sites (code, name) VALUES ('HQ', 'Bench');
INSERT INTO locations (site_id, kind, code, name) VALUES (1, 'room', 'R', 'Room');
INSERT INTO locations (site_id, parent_id, parent_kind, kind, code, name) VALUES (1, 1, 'room', 'cabinet', 'C', 'Cabinet');
INSERT INTO locations (site_id, parent_id, parent_kind, kind, code, name)
  SELECT 1, 2, 'cabinet', 'shelf', 'S' || s, 'Shelf ' || s FROM generate_series(1, 8) s;
INSERT INTO readers (code, site_id, transport, address, unit_id) VALUES ('R1', 1, 'tcp', 'x:502', 1);
INSERT INTO antennas (reader_id, port, location_id) SELECT 1, s, 2 + s FROM generate_series(1, 8) s;
INSERT INTO units (code, name, kind) VALUES ('U', 'Unit', 'bureau');
INSERT INTO dossiers (case_number, title, owning_unit_id) SELECT 'B-' || n, 'Bench ' || n, 1 FROM generate_series(1, )sql" +
                 std::to_string(kTags) + R"sql() n;
INSERT INTO volumes (dossier_id, volume_no) SELECT id, 1 FROM dossiers;
INSERT INTO tag_bindings (epc, volume_id, valid_from) SELECT upper(lpad(to_hex(id), 24, '0')), id, now() - interval '1 day' FROM volumes;
ANALYZE;
)sql");
    return db;
}

std::string epc_of(int tag) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%024x", tag);
    for (char& c : buf) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return buf;
}

// Events as the smoothing core emits them: each tag arrives on a shelf, then moves shelf to shelf.
// Antenna a has id a, location a + 2.
struct EventMaker {
    std::vector<int> at = std::vector<int>(kTags + 1, 0);
    std::string salt;

    gateway::EventRow next(std::size_t i, std::int64_t observed_us) {
        const int tag = static_cast<int>(i % kTags) + 1;
        const int from = at[static_cast<std::size_t>(tag)];
        const int to = from % 8 + 1;
        gateway::EventRow e;
        e.kind = from == 0 ? "arrived" : "moved";
        e.epc = epc_of(tag);
        e.antenna_id = to;
        e.location_id = to + 2;
        if (from) e.from_location_id = from + 2;
        e.observed_us = observed_us;
        e.evidence_json = R"({"rounds":2,"rssi_dbm":-55.0})";
        e.event_id = gateway::event_id("R1" + salt, to, e.epc, e.kind, e.observed_us + static_cast<std::int64_t>(i));
        at[static_cast<std::size_t>(tag)] = to;
        return e;
    }
};

std::vector<gateway::EventRow> make_events(std::size_t n, std::int64_t t0_us, const std::string& salt) {
    EventMaker maker{std::vector<int>(kTags + 1, 0), salt};
    std::vector<gateway::EventRow> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(maker.next(i, t0_us + static_cast<std::int64_t>(i)));
    return out;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The gateway's own path: spooler (append + group fsync) -> writer (COPY + insert-select + ack).
struct Pipeline {
    spool::Spool spool;
    gateway::GatewayHealth health;
    gateway::EventWriter writer;
    gateway::EventSpooler spooler;

    Pipeline(const std::string& db, const std::string& dir, std::size_t batch, std::size_t connections,
             gateway::EventWriter::OnCommitted cb, const common::Logger& log)
        : spool({dir, 64u << 20, std::uint64_t{4096} << 20}, log),
          writer(
              db, [this](std::uint64_t seq) { spool.ack(seq); },
              gateway::WriterSettings{batch, std::chrono::milliseconds(20), connections}, health, log, std::move(cb)),
          spooler(
              spool,
              gateway::SpoolSettings{dir, 64u << 20, std::uint64_t{4096} << 20, 0.8, std::chrono::milliseconds(5),
                                     4096},
              health, [this](std::vector<gateway::SpooledEvent> e) { writer.enqueue(std::move(e)); }, log) {
        writer.start();
        spooler.start();
    }
    ~Pipeline() {
        spooler.stop();
        writer.stop(std::chrono::seconds(30));
    }
};

std::string csv_line(const gateway::EventRow& e, std::int64_t volume_id) {
    std::string evidence = e.evidence_json;
    std::string q;
    for (char c : evidence) {
        if (c == '"') q += '"';
        q += c;
    }
    return e.event_id + "," + e.kind + "," + e.epc + "," + std::to_string(volume_id) + "," +
           std::to_string(e.antenna_id) + "," + std::to_string(e.location_id) + "," +
           (e.from_location_id ? std::to_string(*e.from_location_id) : "") + "," +
           common::format_utc(common::from_epoch_us(e.observed_us)) + ",\"" + q + "\"\n";
}

std::string values_tuple(pqxx::connection& c, const gateway::EventRow& e, std::int64_t volume_id) {
    return "('" + e.event_id + "','" + e.kind + "','" + e.epc + "'," + std::to_string(volume_id) + "," +
           std::to_string(e.antenna_id) + "," + std::to_string(e.location_id) + "," +
           (e.from_location_id ? std::to_string(*e.from_location_id) : "NULL") + ",'" +
           common::format_utc(common::from_epoch_us(e.observed_us)) + "'," + c.quote(e.evidence_json) + ")";
}

constexpr const char* kInsertColumns =
    "INSERT INTO location_events (event_id, kind, epc, volume_id, antenna_id, location_id, from_location_id, "
    "observed_at, evidence) VALUES ";

}  // namespace

// The benchmark as a script read top to bottom: each measurement prints its figure as it ends.
int main(int argc, char** argv) {
    if (casetrail::common::printed_version(argc, argv, "bench-ingest")) return 0;
    const auto cl = common::parse_command_line(
        argc, argv, {"--admin", "--events", "--batch", "--rate", "--seconds", "--dir", "--single", "--connections"},
        {"--help"});
    if (cl.flag("--help") || !cl.option("--admin")) {
        std::cout << "usage: bench-ingest --admin CONNINFO [--events N] [--batch N] [--rate EV_PER_S] [--seconds S]\n"
                     "       [--single N] [--connections N] [--dir SPOOL_DIR]   (run it through tools/bench-ingest)\n";
        return cl.flag("--help") ? 0 : 2;
    }
    const std::string admin = *cl.option("--admin");
    const std::size_t n = std::stoul(cl.option("--events").value_or("500000"));
    const std::size_t batch = std::stoul(cl.option("--batch").value_or("2000"));
    const std::size_t connections = std::stoul(cl.option("--connections").value_or("2"));
    const std::size_t single_n = std::stoul(cl.option("--single").value_or("20000"));
    const double rate = std::stod(cl.option("--rate").value_or("10000"));
    const double seconds = std::stod(cl.option("--seconds").value_or("10"));
    const std::string dir = cl.option("--dir").value_or("/tmp/casetrail-bench-spool");
    common::Logger log("bench", common::LogLevel::warn);
    const auto t0_us = common::to_epoch_us(std::chrono::system_clock::now()) - 3600'000'000LL;

    std::printf("bench-ingest: %zu events, %d tags, writer batch %zu over %zu connections\n", n, kTags, batch,
                connections);

    // 1. The gateway's path.
    double spool_rate = 0;
    {
        const auto db = fresh_database(admin, "bench_spool", log);
        std::filesystem::remove_all(dir);
        auto events = make_events(n, t0_us, "");
        std::atomic<std::size_t> committed{0};
        Pipeline p(
            db, dir, batch, connections, [&](const std::vector<gateway::EventRow>& b) { committed += b.size(); }, log);
        const auto start = Clock::now();
        for (std::size_t i = 0; i < events.size(); i += 10000) {
            p.spooler.enqueue(std::vector<gateway::EventRow>(
                events.begin() + static_cast<std::ptrdiff_t>(i),
                events.begin() + static_cast<std::ptrdiff_t>(std::min(i + 10000, events.size()))));
        }
        while (committed < n) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        spool_rate = static_cast<double>(n) / seconds_since(start);
        const auto stored = pqxx::connection(db);
        std::printf("  spool -> PostgreSQL (gateway path)      %10.0f events/s\n", spool_rate);
    }

    // 2. psql \copy of the same rows (volume ids resolved beforehand) into the same table.
    double copy_rate = 0;
    {
        const auto db = fresh_database(admin, "bench_copy", log);
        const auto events = make_events(n, t0_us, "");
        const std::string csv = dir + ".csv";
        {
            std::ofstream out(csv);
            for (const auto& e : events) out << csv_line(e, std::stoll(e.epc, nullptr, 16));
        }
        const std::string cmd =
            "psql \"" + db +
            "\" -qX -v ON_ERROR_STOP=1 -c \"\\copy location_events (event_id, "
            "kind, epc, volume_id, antenna_id, location_id, from_location_id, observed_at, evidence) "
            "FROM '" +
            csv + "' CSV\"";
        const auto start = Clock::now();
        if (std::system(cmd.c_str()) != 0) {
            std::fprintf(stderr, "psql \\copy failed\n");
            return 1;
        }
        copy_rate = static_cast<double>(n) / seconds_since(start);
        std::filesystem::remove(csv);
        std::printf("  psql \\copy, same rows                   %10.0f rows/s\n", copy_rate);
    }

    // 3. Single-row INSERTs, each its own transaction.
    double single_rate = 0, multi_rate = 0;
    {
        const auto db = fresh_database(admin, "bench_insert", log);
        pqxx::connection c(db);
        const auto events = make_events(single_n, t0_us, "s");
        c.prepare("one",
                  std::string(kInsertColumns) + "($1::uuid, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9::jsonb)");
        const auto start = Clock::now();
        for (const auto& e : events) {
            pqxx::work tx(c);
            tx.exec_prepared("one", e.event_id, e.kind, e.epc, std::stoll(e.epc, nullptr, 16), e.antenna_id,
                             e.location_id, e.from_location_id,
                             common::format_utc(common::from_epoch_us(e.observed_us)), e.evidence_json);
            tx.commit();
        }
        single_rate = static_cast<double>(single_n) / seconds_since(start);
        std::printf("  single-row INSERTs (%zu)             %10.0f rows/s\n", single_n, single_rate);

        // 4. 1000-row multi-VALUES INSERTs, one transaction each.
        const auto more = make_events(n, t0_us, "m");
        const auto start2 = Clock::now();
        for (std::size_t i = 0; i < more.size(); i += 1000) {
            std::string sql = kInsertColumns;
            for (std::size_t k = i; k < std::min(i + 1000, more.size()); ++k) {
                if (k > i) sql += ',';
                sql += values_tuple(c, more[k], std::stoll(more[k].epc, nullptr, 16));
            }
            pqxx::work tx(c);
            tx.exec(sql);
            tx.commit();
        }
        multi_rate = static_cast<double>(n) / seconds_since(start2);
        std::printf("  1000-row multi-VALUES INSERTs          %10.0f rows/s\n", multi_rate);
    }
    std::printf("  ratio gateway path / psql \\copy         %10.2f   (goal >= 0.70)\n", spool_rate / copy_rate);
    std::printf("  ratio gateway path / multi-VALUES       %10.2f\n", spool_rate / multi_rate);
    std::printf("  ratio gateway path / single-row         %10.2f\n", spool_rate / single_rate);

    // 5. Latency at a steady rate: observation time -> commit seen by the writer.
    {
        const auto db = fresh_database(admin, "bench_latency", log);
        std::filesystem::remove_all(dir);
        std::mutex m;
        std::vector<double> latencies_ms;
        std::atomic<std::size_t> committed{0};
        Pipeline p(
            db, dir, batch, connections,
            [&](const std::vector<gateway::EventRow>& b) {
                const auto now_us = common::to_epoch_us(std::chrono::system_clock::now());
                std::lock_guard l(m);
                for (const auto& e : b) latencies_ms.push_back(static_cast<double>(now_us - e.observed_us) / 1000.0);
                committed += b.size();
            },
            log);
        const auto total = static_cast<std::size_t>(rate * seconds);
        EventMaker maker;
        const auto start = Clock::now();
        const auto tick = std::chrono::milliseconds(5);
        std::size_t sent = 0;
        // A few events every 5 ms, each stamped when "observed".
        while (sent < total) {
            const auto due =
                static_cast<std::size_t>(std::min(static_cast<double>(total), rate * seconds_since(start)));
            std::vector<gateway::EventRow> chunk;
            for (; sent < due; ++sent) {
                chunk.push_back(maker.next(sent, common::to_epoch_us(std::chrono::system_clock::now())));
            }
            p.spooler.enqueue(std::move(chunk));
            std::this_thread::sleep_for(tick);
        }
        while (committed < total) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::sort(latencies_ms.begin(), latencies_ms.end());
        auto pct = [&](double q) {
            return latencies_ms[static_cast<std::size_t>(q * static_cast<double>(latencies_ms.size() - 1))];
        };
        std::printf("  latency at %.0f events/s for %.0f s: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", rate, seconds,
                    pct(0.5), pct(0.99), latencies_ms.back());
    }
    for (const char* name : {"bench_spool", "bench_copy", "bench_insert", "bench_latency"}) {
        exec(admin, std::string("DROP DATABASE IF EXISTS ") + name + " WITH (FORCE)");
    }
    std::filesystem::remove_all(dir);
    return 0;
}
