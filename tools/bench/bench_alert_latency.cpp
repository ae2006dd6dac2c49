// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Tag move -> alert latency (tools/bench-alert-latency sets up the readers, gateway and server): carries
// the demo dossiers out through the simulated doorway one by one, nobody holding them, and times each
// "out without a handover" notice arriving on the handlers' WebSockets: from the physical pass (the tag
// leaving the outside antenna) and from the pass event being recorded in PostgreSQL.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/build_info.hpp"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using Clock = std::chrono::system_clock;

namespace {

std::string control(int port, const std::string& command) {
    net::io_context ioc;
    net::ip::tcp::socket s(ioc);
    s.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    net::write(s, net::buffer(command + "\n"));
    net::streambuf reply;
    net::read_until(s, reply, '\n');
    return {net::buffers_begin(reply.data()), net::buffers_end(reply.data())};
}

std::string epc(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "E2801160000000000000%04d", n);
    return buf;
}

// Each handler's stream on a thread; arrivals by case number.
struct Streams {
    std::mutex m;
    std::map<std::string, Clock::time_point> arrived;
    std::vector<std::thread> threads;
    std::vector<std::unique_ptr<net::io_context>> iocs;

    void follow(int port, const std::string& login, long long after, const std::string& token) {
        auto ioc = std::make_unique<net::io_context>();
        auto* io = ioc.get();
        iocs.push_back(std::move(ioc));
        threads.emplace_back([this, io, port, login, after, token] {
            websocket::stream<beast::tcp_stream> ws(*io);
            ws.set_option(websocket::stream_base::decorator([token](websocket::request_type& req) {
                req.set(beast::http::field::authorization, "Bearer " + token);
            }));
            net::ip::tcp::resolver r(*io);
            beast::get_lowest_layer(ws).connect(r.resolve("127.0.0.1", std::to_string(port)));
            // After the newest notice: only what the carrying raises.
            ws.handshake("127.0.0.1", "/api/v1/staff/" + login + "/notices?after=" + std::to_string(after));
            beast::flat_buffer b;
            beast::error_code ec;
            while (!ec) {
                ws.read(b, ec);
                if (ec) break;
                const auto n = nlohmann::json::parse(beast::buffers_to_string(b.data()));
                b.consume(b.size());
                if (n["kind"] == "raised" && n["alert"]["rule"] == "out_without_handover") {
                    std::lock_guard lock(m);
                    arrived.emplace(n["alert"]["case_number"].get<std::string>(), Clock::now());
                }
            }
        });
    }
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(
        std::min(static_cast<double>(v.size() - 1), p * static_cast<double>(v.size() - 1) + 0.5));
    return v[i];
}

}  // namespace

// An unexpected error ends the run with its message, not with std::terminate.
int main(int argc, char** argv) try {
    if (casetrail::common::printed_version(argc, argv, "bench-alert-latency")) return 0;
    if (argc < 5) {
        std::cerr << "usage: bench-alert-latency CONNINFO HTTP_PORT CONTROL_PORT COUNT\n";
        return 2;
    }
    const std::string conninfo = argv[1];
    const int http_port = std::stoi(argv[2]), control_port = std::stoi(argv[3]);
    const int count = std::min(40, std::stoi(argv[4]));
    pqxx::connection db(conninfo);
    long long newest = 0;
    {
        pqxx::read_transaction tx(db);
        newest = tx.exec1("SELECT coalesce(max(id), 0) FROM alert_notices")[0].as<long long>();
    }
    // Each handler's own token (their stream is theirs only), stored as the server stores tokens.
    const auto token_of = [&](const std::string& login) {
        std::string token = "ct_bench" + std::string(38, login == "wang.li" ? 'w' : 'c');
        pqxx::work tx(db);
        tx.exec_params(
            "INSERT INTO api_tokens (token_hash, kind, staff_id, label, created_at, created_by, expires_at) "
            "SELECT sha256(convert_to($1, 'UTF8')), 'api', id, 'bench', now(), id, now() + interval '1 day' "
            "FROM staff WHERE login = $2 ON CONFLICT (token_hash) DO NOTHING",
            token, login);
        tx.commit();
        return token;
    };
    Streams streams;
    streams.follow(http_port, "wang.li", newest, token_of("wang.li"));
    streams.follow(http_port, "chen.jing", newest, token_of("chen.jing"));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    std::vector<double> from_pass, from_event;
    int missing = 0;
    for (int n = 1; n <= count; ++n) {
        char case_number[32];
        std::snprintf(case_number, sizeof case_number, "2026-CR-%04d", n);
        control(control_port, "R1: remove " + epc(n));
        control(control_port, "D1: add " + epc(n) + " 1 -50");
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        control(control_port, "D1: move " + epc(n) + " 2");
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        control(control_port, "D1: remove " + epc(n));
        const auto passed = Clock::now();
        const auto deadline = passed + std::chrono::seconds(20);
        std::optional<Clock::time_point> at;
        while (Clock::now() < deadline && !at) {
            {
                std::lock_guard lock(streams.m);
                if (auto it = streams.arrived.find(case_number); it != streams.arrived.end()) at = it->second;
            }
            if (!at) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (!at) {
            ++missing;
            std::printf("%s: no alert within 20 s\n", case_number);
            std::fflush(stdout);
            continue;
        }
        pqxx::read_transaction tx(db);
        const auto r = tx.exec_params(
            "SELECT ct_us(recorded_at) FROM location_events WHERE kind = 'passed_out' AND epc = $1 ORDER BY id DESC LIMIT 1",
            epc(n));
        const auto us = [](Clock::time_point t) {
            return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
        };
        from_pass.push_back(static_cast<double>(us(*at) - us(passed)) / 1000.0);
        if (!r.empty()) from_event.push_back(static_cast<double>(us(*at) - r[0][0].as<long long>()) / 1000.0);
    }
    std::printf("dossiers carried out: %d, alerts missing: %d\n", count, missing);
    if (!from_pass.empty()) {
        std::printf(
            "from the tag leaving the doorway to the notice on the WebSocket: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
            percentile(from_pass, 0.5), percentile(from_pass, 0.99),
            *std::max_element(from_pass.begin(), from_pass.end()));
    }
    if (!from_event.empty()) {
        std::printf(
            "from the pass event recorded in PostgreSQL to the notice: p50 %.0f ms, p99 %.0f ms, max %.0f ms (goal p99 <= 2000 ms)\n",
            percentile(from_event, 0.5), percentile(from_event, 0.99),
            *std::max_element(from_event.begin(), from_event.end()));
    }
    std::fflush(stdout);
    std::_Exit(missing == 0 ? 0 : 1);  // the stream threads block in read(); nothing to clean up
} catch (const std::exception& e) {
    std::cerr << "bench-alert-latency: " << e.what() << "\n";
    return 1;
}
