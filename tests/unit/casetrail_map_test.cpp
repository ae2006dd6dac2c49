#include "registers/casetrail_map.hpp"

#include <random>

#include <catch2/catch.hpp>

using namespace casetrail::bridge::map;

namespace {
std::vector<std::uint16_t> table_of(const std::vector<TagRecord>& tags) {
    std::vector<std::uint16_t> regs;
    for (const auto& t : tags) {
        const auto slot = encode_tag_record(t);
        regs.insert(regs.end(), slot.begin(), slot.end());
    }
    return regs;
}
}  // namespace

TEST_CASE("identity block round-trips", "[registers]") {
    Identity id{kMapVersion, 0x0203, 8, "SIM-0001"};
    const auto regs = encode_identity(id);
    REQUIRE(regs[0] == kMagic);
    const auto back = decode_identity(regs);
    REQUIRE(back.ok());
    CHECK(back.value().firmware == 0x0203);
    CHECK(back.value().antenna_count == 8);
    CHECK(back.value().serial == "SIM-0001");

    Identity full{kMapVersion, 1, 32, "ABCDEFGHIJKLMNOP"};  // all 16 characters used
    CHECK(decode_identity(encode_identity(full)).value().serial == "ABCDEFGHIJKLMNOP");
}

TEST_CASE("malformed identity blocks give clear errors", "[registers]") {
    auto regs = encode_identity({kMapVersion, 1, 4, "X"});
    SECTION("short") {
        auto r = decode_identity(std::span<const std::uint16_t>(regs.data(), 5));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == DecodeErrorKind::short_buffer);
        CHECK_THAT(r.error().message, Catch::Contains("5 registers, need 12"));
    }
    SECTION("not a Casetrail reader") {
        regs[0] = 0x1234;
        CHECK(decode_identity(regs).error().kind == DecodeErrorKind::bad_magic);
    }
    SECTION("unknown map version") {
        regs[1] = 7;
        auto r = decode_identity(regs);
        CHECK(r.error().kind == DecodeErrorKind::unsupported_version);
        CHECK_THAT(r.error().message, Catch::Contains("version 7"));
    }
    SECTION("antenna count out of range") {
        regs[3] = 0;
        CHECK(decode_identity(regs).error().kind == DecodeErrorKind::bad_field);
        regs[3] = 33;
        CHECK(decode_identity(regs).error().kind == DecodeErrorKind::bad_field);
    }
    SECTION("non-printable serial") {
        regs[4] = 0x4101;
        CHECK(decode_identity(regs).error().kind == DecodeErrorKind::bad_field);
    }
}

TEST_CASE("status block decodes and rejects impossible tag counts", "[registers]") {
    const auto regs = encode_status({kStatusReady, 41, 12, 30});
    const auto s = decode_status(regs);
    REQUIRE(s.ok());
    CHECK(s.value().round == 41);
    CHECK(s.value().tag_count == 12);
    auto bad = encode_status({kStatusReady, 1, kTagTableSlots + 1, 0});
    CHECK(decode_status(bad).error().kind == DecodeErrorKind::bad_count);
    CHECK(decode_status(std::span<const std::uint16_t>(regs.data(), 2)).error().kind ==
          DecodeErrorKind::short_buffer);
}

TEST_CASE("tag records round-trip for every EPC width", "[registers]") {
    const std::vector<TagRecord> tags = {
        {"E28011600000000000000001", 1, -523, 3},  // 96 bits
        {"ABCD", 2, -900, 1},                      // 16 bits
        {"300833B2DDD9014000000000DEADBEEF", 8, 0, 65535},  // 128 bits
        {std::string(64, 'F'), 32, -1200, 7},      // 256 bits, the widest
    };
    const auto regs = table_of(tags);
    const auto back = decode_tag_table(regs, static_cast<std::uint16_t>(tags.size()), 32);
    REQUIRE(back.ok());
    REQUIRE(back.value().size() == tags.size());
    for (std::size_t i = 0; i < tags.size(); ++i) {
        CHECK(back.value()[i].epc == tags[i].epc);
        CHECK(back.value()[i].antenna == tags[i].antenna);
        CHECK(back.value()[i].rssi_decidbm == tags[i].rssi_decidbm);
        CHECK(back.value()[i].read_count == tags[i].read_count);
    }
}

TEST_CASE("malformed tag records give clear errors", "[registers]") {
    auto slot = encode_tag_record({"E28011600000000000000001", 3, -500, 2});
    SECTION("EPC length zero, odd, or too wide") {
        for (std::uint16_t bits : {0, 8, 100, 272, 0xFFFF}) {
            slot[0] = bits;
            auto r = decode_tag_record(slot, 4);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == DecodeErrorKind::bad_epc_length);
        }
    }
    SECTION("antenna outside the reader's ports") {
        slot[1] = 0;
        CHECK(decode_tag_record(slot, 4).error().kind == DecodeErrorKind::bad_antenna);
        slot[1] = 5;
        auto r = decode_tag_record(slot, 4);
        CHECK(r.error().kind == DecodeErrorKind::bad_antenna);
        CHECK_THAT(r.error().message, Catch::Contains("antenna port 5 is outside 1..4"));
    }
    SECTION("zero read count") {
        slot[3] = 0;
        CHECK(decode_tag_record(slot, 4).error().kind == DecodeErrorKind::bad_field);
    }
    SECTION("short slot") {
        CHECK(decode_tag_record(std::span<const std::uint16_t>(slot.data(), 19), 4).error().kind ==
              DecodeErrorKind::short_buffer);
    }
}

TEST_CASE("a tag table shorter than its count, or a count past the table, is an error", "[registers]") {
    const auto regs = table_of({{"AAAA", 1, -500, 1}, {"BBBB", 1, -500, 1}});
    auto r = decode_tag_table(regs, 3, 4);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == DecodeErrorKind::short_buffer);
    CHECK(decode_tag_table(regs, kTagTableSlots + 1, 4).error().kind == DecodeErrorKind::bad_count);
    auto bad = regs;
    bad[kSlotRegisters + 1] = 9;  // second slot's antenna
    auto r2 = decode_tag_table(bad, 2, 4);
    CHECK(r2.error().kind == DecodeErrorKind::bad_antenna);
    CHECK_THAT(r2.error().message, Catch::StartsWith("slot 1: "));
}

TEST_CASE("tag table reads are whole slots of at most 125 registers and cover the count", "[registers]") {
    for (std::uint16_t count : {0, 1, 5, 6, 7, 13, 999, 1000}) {
        const auto blocks = plan_tag_table_reads(count);
        std::uint32_t next = kTagTableAddress;
        for (const auto& b : blocks) {
            CHECK(b.count <= kMaxRegistersPerRead);
            CHECK(b.count % kSlotRegisters == 0);
            CHECK(b.address == next);
            next += b.count;
        }
        CHECK(next - kTagTableAddress == std::uint32_t{count} * kSlotRegisters);
    }
    CHECK(plan_tag_table_reads(7) == std::vector<Block>{{kTagTableAddress, 120}, {kTagTableAddress + 120, 20}});
}

TEST_CASE("decoding random register garbage never crashes or reads out of bounds", "[registers]") {
    std::mt19937 rng(20261124);
    std::uniform_int_distribution<int> word(0, 0xFFFF);
    std::uniform_int_distribution<int> len(0, 200);
    int decoded = 0;
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::uint16_t> regs(static_cast<std::size_t>(len(rng)));
        for (auto& r : regs) r = static_cast<std::uint16_t>(word(rng) % 4 == 0 ? word(rng) % 40 : word(rng));
        (void)decode_identity(regs);
        (void)decode_status(regs);
        const auto count = static_cast<std::uint16_t>(word(rng) % 12);
        auto t = decode_tag_table(regs, count, static_cast<std::uint16_t>(1 + word(rng) % 32));
        if (t.ok()) decoded += static_cast<int>(t.value().size());
    }
    SUCCEED("decoded " << decoded << " records from garbage without a fault");
}

TEST_CASE("encoders refuse values the map cannot hold", "[registers]") {
    CHECK_THROWS_AS(encode_tag_record({"XYZ", 1, 0, 1}), std::invalid_argument);
    CHECK_THROWS_AS(encode_tag_record({"ABCD", 0, 0, 1}), std::invalid_argument);
    CHECK_THROWS_AS(encode_tag_record({"ABCD", 1, 0, 0}), std::invalid_argument);
    CHECK_THROWS_AS(encode_identity({kMapVersion, 1, 4, "12345678901234567"}), std::invalid_argument);
}
