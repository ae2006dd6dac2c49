// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/spool/spool.hpp"

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tests/support/processes.hpp"

using namespace casetrail;
using casetrail::test::TempDir;
namespace fs = std::filesystem;

namespace {

common::Logger quiet() { return common::Logger("test", common::LogLevel::error); }

spool::SpoolOptions options(const TempDir& dir, std::uint64_t segment = 4096, std::uint64_t cap = 1 << 20) {
    return {dir.file("spool"), segment, cap};
}

std::vector<std::string> payloads(const std::vector<spool::SpoolRecord>& records) {
    std::vector<std::string> out;
    out.reserve(records.size());
    for (const auto& r : records) out.push_back(r.payload);
    return out;
}

std::vector<fs::path> segments(const TempDir& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir.file("spool"))) {
        if (e.path().extension() == ".log") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("spooled records survive a reopen until acknowledged", "[spool]") {
    TempDir dir;
    {
        spool::Spool s(options(dir), quiet());
        CHECK(s.append("one") == 1);
        CHECK(s.append("two") == 2);
        CHECK(s.append(std::string(300, 'x')) == 3);
        CHECK(s.sync() == 3);
    }
    {
        spool::Spool s(options(dir), quiet());
        CHECK(payloads(s.take_recovered()) == std::vector<std::string>{"one", "two", std::string(300, 'x')});
        s.ack(2);
        CHECK(s.append("four") == 4);  // numbering goes on
        s.sync();
    }
    spool::Spool s(options(dir), quiet());
    const auto rec = s.take_recovered();
    REQUIRE(rec.size() == 2);
    CHECK(rec[0].seq == 3);
    CHECK(rec[1].payload == "four");
    CHECK(s.acked_seq() == 2);
}

TEST_CASE("acknowledged whole segments are deleted and free the cap", "[spool]") {
    TempDir dir;
    spool::Spool s(options(dir, 1024), quiet());
    for (int i = 0; i < 100; ++i) s.append(std::string(100, 'a'));
    s.sync();
    const auto before = s.bytes_used();
    CHECK(segments(dir).size() > 5);
    s.ack(100);
    CHECK(segments(dir).size() == 1);  // the active one stays
    CHECK(s.bytes_used() < before);
}

TEST_CASE("a torn record at the tail is cut off and everything before it kept", "[spool]") {
    TempDir dir;
    {
        spool::Spool s(options(dir), quiet());
        for (int i = 1; i <= 5; ++i) s.append("record " + std::to_string(i));
        s.sync();
    }
    const auto seg = segments(dir).back();
    const auto full = fs::file_size(seg);

    SECTION("truncated mid-record (power cut during the write)") { fs::resize_file(seg, full - 3); }
    SECTION("last record's bytes damaged") {
        std::fstream f(seg, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(full - 2));
        f.put('#');
    }
    spool::Spool s(options(dir), quiet());
    CHECK(s.recovery().torn_records == 1);
    CHECK(s.recovery().bytes_cut > 0);
    CHECK(payloads(s.take_recovered()) == std::vector<std::string>{"record 1", "record 2", "record 3", "record 4"});
    // The spool goes on working after the cut (the lost record's number is free again), and the cut
    // stays cut.
    CHECK(s.append("record 6") == 5);
    s.sync();
    spool::Spool again(options(dir), quiet());
    CHECK(again.recovery().torn_records == 0);
    CHECK(payloads(again.take_recovered()) ==
          std::vector<std::string>{"record 1", "record 2", "record 3", "record 4", "record 6"});
}

TEST_CASE("garbage after the last whole record is cut off, every record kept", "[spool]") {
    TempDir dir;
    {
        spool::Spool s(options(dir), quiet());
        for (int i = 1; i <= 3; ++i) s.append("record " + std::to_string(i));
        s.sync();
    }
    std::ofstream(segments(dir).back(), std::ios::app | std::ios::binary) << "garbage-that-is-not-a-frame";
    spool::Spool s(options(dir), quiet());
    CHECK(s.recovery().torn_records == 1);
    CHECK(s.recovery().bytes_cut == std::string("garbage-that-is-not-a-frame").size());
    CHECK(payloads(s.take_recovered()) == std::vector<std::string>{"record 1", "record 2", "record 3"});
}

TEST_CASE("a frame claiming an impossible length is corruption, not a reason to allocate", "[spool]") {
    TempDir dir;
    {
        spool::Spool s(options(dir), quiet());
        s.append("good");
        s.sync();
    }
    {
        std::ofstream f(segments(dir).back(), std::ios::app | std::ios::binary);
        const unsigned char bad[16] = {0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
        f.write(reinterpret_cast<const char*>(bad), sizeof bad);
    }
    spool::Spool s(options(dir), quiet());
    CHECK(s.recovery().torn_records == 1);
    CHECK(payloads(s.take_recovered()) == std::vector<std::string>{"good"});
}

TEST_CASE("a damaged acknowledgement mark replays everything rather than losing anything", "[spool]") {
    TempDir dir;
    {
        spool::Spool s(options(dir), quiet());
        s.append("a");
        s.append("b");
        s.sync();
        s.ack(1);
    }
    std::ofstream(dir.file("spool/acked"), std::ios::trunc) << "xx";
    spool::Spool s(options(dir), quiet());
    CHECK(payloads(s.take_recovered()) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("the spool refuses records past its cap, and takes them again once acknowledged", "[spool]") {
    TempDir dir;
    spool::Spool s(options(dir, 1024, 4096), quiet());
    std::uint64_t last = 0;
    bool full = false;
    for (int i = 0; i < 100 && !full; ++i) {
        try {
            last = s.append(std::string(100, 'z'));
        } catch (const spool::SpoolFull&) {
            full = true;
        }
    }
    REQUIRE(full);
    CHECK(s.bytes_used() <= 4096);
    s.sync();
    s.ack(last);
    CHECK_NOTHROW(s.append("room again"));
    CHECK_THROWS_AS(s.append(std::string(spool::kMaxPayload + 1, 'x')), std::invalid_argument);
}
