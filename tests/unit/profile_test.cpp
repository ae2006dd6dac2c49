// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/profiles/profile.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/config_reader.hpp"
#include "firmware-bridge/drivers/tag_list_reader.hpp"
#include "firmware-bridge/profiles/record_codec.hpp"
#include "firmware-bridge/simulator/register_image.hpp"

using namespace casetrail;
using namespace casetrail::bridge;
using nlohmann::json;

namespace {

const std::string kCasetrail = std::string(CT_SOURCE_DIR) + "/config/readers/casetrail-v1.json";

json base_profile() {
    std::ifstream in(kCasetrail);
    return json::parse(in);
}

struct TempProfile {
    std::string path;
    explicit TempProfile(const json& j) {
        char tmpl[] = "/tmp/casetrail-profile.XXXXXX";
        close(mkstemp(tmpl));
        path = tmpl;
        std::ofstream(path) << j.dump(2);
    }
    ~TempProfile() { std::remove(path.c_str()); }
};

Profile profile_of(const json& j) { return load_profile(TempProfile(j).path); }

std::string error_of(const json& j) {
    TempProfile f(j);
    try {
        load_profile(f.path);
    } catch (const common::ConfigError& e) {
        const std::string msg = e.what();
        REQUIRE(msg.rfind(f.path + ": ", 0) == 0);
        return msg.substr(f.path.size() + 2);
    }
    return "accepted";
}

// A layout unlike Casetrail's in every way the format allows: input registers, little word and byte
// order, EPC length in bytes, 0-based antennas, unsigned RSSI with an offset, no trigger.
json other_profile(const std::string& mode) {
    std::string name = "test-" + mode;
    std::replace(name.begin(), name.end(), '_', '-');
    json j = {
        {"name", name},
        {"source", "unit test"},
        {"max_registers_per_read", 60},
        {"word_order", "little"},
        {"byte_order", "little"},
        {"identity",
         {{"function", "input"},
          {"address", 100},
          {"registers", 6},
          {"antenna_count", {{"fixed", 4}}},
          {"serial", {{"offset", 2}, {"registers", 4}}}}},
        {"tag_list", {{"mode", mode}, {"function", "input"}, {"records_address", 1000}, {"capacity", 30}}},
        {"record",
         {{"registers", 12},
          {"epc", {{"offset", 4}, {"max_words", 8}, {"length", {{"unit", "bytes"}, {"offset", 0}}}}},
          {"antenna", {{"offset", 1}, {"base", 0}}},
          {"rssi", {{"offset", 2}, {"signed", false}, {"scale", 0.5}, {"offset_db", -120}}},
          {"read_count", {{"offset", 3}}}}},
    };
    if (mode != "table") j["tag_list"]["count_address"] = 999;
    if (mode == "handshake") j["tag_list"]["ack_address"] = 50;
    return j;
}

std::vector<map::TagRecord> sample_tags(std::uint16_t antennas) {
    std::vector<map::TagRecord> tags;
    for (int i = 0; i < 17; ++i) {
        char epc[40];
        std::snprintf(epc, sizeof epc, i % 3 == 0 ? "E28011600000000000%06X" : "3034%04X", i + 1);
        tags.push_back({epc, static_cast<std::uint16_t>(i % antennas + 1), static_cast<std::int16_t>(-600 + 5 * i),
                        static_cast<std::uint16_t>(1 + i % 4)});
    }
    return tags;
}

// Registers over a simulated reader's image, as the drivers see them over Modbus.
struct ImageIO : RegisterIO {
    sim::RegisterImage& image;
    std::function<std::vector<map::TagRecord>()> field;
    int reads = 0;
    std::function<void(int)> on_read;  // lets a test change the image mid-round
    ImageIO(sim::RegisterImage& i, std::function<std::vector<map::TagRecord>()> f) : image(i), field(std::move(f)) {}
    std::optional<ReaderError> read(RegisterKind kind, std::uint16_t address, std::uint16_t count,
                                    std::uint16_t* out) override {
        if (on_read) on_read(++reads);
        CHECK(count <= 125);  // never more than Modbus allows in one request
        if (auto code = image.empty_answer(kind, address, count))
            return ReaderError{ReaderErrorKind::modbus_exception, "", *code};
        const auto* src = kind == RegisterKind::holding ? image.holding() : image.input();
        std::copy(src + address, src + address + count, out);
        return std::nullopt;
    }
    std::optional<ReaderError> write(std::uint16_t address, std::uint16_t value) override {
        switch (image.classify_write(address, value)) {
            case sim::RegisterImage::WriteEffect::trigger: image.publish_round(field()); break;
            case sim::RegisterImage::WriteEffect::ack: image.acknowledge(); break;
            default: return ReaderError{ReaderErrorKind::modbus_exception, "refused", 2};
        }
        return std::nullopt;
    }
};

}  // namespace

TEST_CASE("the shipped Casetrail profile loads as documented", "[profiles]") {
    const auto p = load_profile(kCasetrail);
    CHECK(p.name == "casetrail-v1");
    CHECK(p.list.mode == ListMode::count_records);
    CHECK(p.list.records_address == 0x0100);
    CHECK(p.list.count_address == 0x12);
    CHECK(p.record.registers == 20);
    CHECK(p.record.epc_length == EpcLength::bits);
    CHECK(p.trigger->address == 0x20);
    CHECK(p.status->round_offset == 1);
}

TEST_CASE("profile mistakes name the file, the field and what is wrong", "[profiles]") {
    auto with = [](auto change) {
        json j = base_profile();
        change(j);
        return error_of(j);
    };
    CHECK(with([](json& j) { j["colour"] = "red"; }) == "colour: is not a known setting (misspelt?)");
    CHECK(with([](json& j) { j.erase("source"); }) == "source: is required but missing");
    CHECK(with([](json& j) { j["name"] = "Bad Name"; }) ==
          "name: \"Bad Name\" must be lower-case letters, digits, '.' and '-'");
    CHECK(with([](json& j) { j["max_registers_per_read"] = 126; }) ==
          "max_registers_per_read: 126 is out of range 1..125");
    CHECK(with([](json& j) { j["word_order"] = "middle"; }) ==
          "word_order: \"middle\" is not an order (big or little)");
    CHECK(with([](json& j) { j["identity"]["function"] = "coil"; }) ==
          "identity.function: \"coil\" is not a register kind (holding or input)");
    CHECK(with([](json& j) { j["identity"]["magic"]["offset"] = 12; }) ==
          "identity.magic.offset: 12 is past the identity block's 12 registers");
    CHECK(with([](json& j) { j["identity"]["serial"]["registers"] = 9; }) ==
          "identity.serial.registers: the serial number runs past the identity block");
    CHECK(with([](json& j) { j["identity"]["antenna_count"] = json::object(); }) ==
          "identity.antenna_count.fixed: is required but missing");
    CHECK(with([](json& j) { j["record"]["epc"]["offset"] = 10; }) ==
          "record.epc.max_words: an EPC of 16 words at offset 10 runs past the record's 20 registers");
    CHECK(with([](json& j) {
              j["record"]["epc"]["length"] = {{"fixed_bits", 100}};
          }) == "record.epc.length.fixed_bits: 100 is not a whole number of words within max_words");
    CHECK(with([](json& j) {
              j["record"]["epc"]["length"] = {{"unit", "nibbles"}, {"offset", 0}};
          }) == "record.epc.length.unit: \"nibbles\" is not bits, bytes or words");
    CHECK(with([](json& j) { j["record"]["epc"]["length"]["offset"] = 5; }) ==
          "record.epc.length.offset: the length register overlaps the EPC");
    CHECK(with([](json& j) { j["record"]["rssi"]["offset"] = 6; }) == "record.rssi.offset: overlaps the EPC");
    CHECK(with([](json& j) { j["record"]["antenna"]["base"] = 2; }) == "record.antenna.base: 2 is out of range 0..1");
    CHECK(with([](json& j) { j["record"]["registers"] = 130; }) == "record.registers: 130 is out of range 1..125");
    CHECK(with([](json& j) { j["tag_list"]["mode"] = "stream"; }) ==
          "tag_list.mode: \"stream\" is not table, count_records or handshake");
    CHECK(with([](json& j) { j["tag_list"]["capacity"] = 4000; }) ==
          "tag_list.capacity: registers 256..80255 run past the end of the register space (65535)");
    CHECK(with([](json& j) { j["tag_list"].erase("count_address"); }) ==
          "tag_list.count_address: is required but missing");
    CHECK(with([](json& j) { j["tag_list"]["mode"] = "handshake"; }) ==
          "tag_list.ack_address: is required but missing");
    CHECK(with([](json& j) {
              j["tag_list"] = {{"mode", "table"}, {"records_address", 256}, {"capacity", 10}};
              j["record"]["epc"]["length"] = {{"fixed_bits", 96}};
              j["record"].erase("read_count");
          }) == "record: a table of fixed-length EPCs needs read_count to tell empty slots apart");
    CHECK(error_of(json::array()) == "the top level must be a JSON object, not array");
}

TEST_CASE("tag records round-trip under profiles of every byte and word order", "[profiles]") {
    for (const auto& j : {base_profile(), other_profile("count_records")}) {
        const auto p = profile_of(j);
        INFO(p.name);
        for (const auto& t : sample_tags(4)) {
            const auto regs = encode_record(p, t);
            REQUIRE(regs.size() == p.record.registers);
            const auto back = decode_record(p, regs, 4);
            REQUIRE(back.ok());
            REQUIRE(back.value());
            CHECK(back.value()->epc == t.epc);
            CHECK(back.value()->antenna == t.antenna);
            CHECK(back.value()->read_count == t.read_count);
            CHECK(std::abs(back.value()->rssi_decidbm - t.rssi_decidbm) <= 5);  // within the 0.5 dB scale
        }
        map::Identity id{1, 0x0203, static_cast<std::uint16_t>(p.identity.antenna_count_offset ? 8 : 4), "SIM-7"};
        const auto decoded = decode_identity(p, encode_identity(p, id));
        REQUIRE(decoded.ok());
        CHECK(decoded.value().serial == "SIM-7");
        CHECK(decoded.value().antenna_count == id.antenna_count);
    }
    // Little order really reverses: the Casetrail and the other encodings of one tag differ.
    const map::TagRecord t{"E2801160000000000000ABCD", 1, -500, 1};
    CHECK(encode_record(profile_of(base_profile()), t)[4] == 0xE280);
    CHECK(encode_record(profile_of(other_profile("count_records")), t)[4] == 0xCDAB);
}

TEST_CASE("malformed records are errors, empty table slots are not", "[profiles]") {
    const auto p = profile_of(base_profile());
    auto regs = encode_record(p, {"E28011600000000000000001", 2, -500, 3});
    auto bad = regs;
    bad[0] = 100;  // 100 bits
    CHECK(decode_record(p, bad, 4).error().kind == DecodeErrorKind::bad_epc_length);
    bad = regs;
    bad[1] = 5;
    CHECK(decode_record(p, bad, 4).error().kind == DecodeErrorKind::bad_antenna);
    bad = regs;
    bad[3] = 0;
    CHECK(decode_record(p, bad, 4).error().kind == DecodeErrorKind::bad_field);  // count list: a listed tag
    CHECK(decode_record(p, std::span<const std::uint16_t>(regs.data(), 10), 4).error().kind ==
          DecodeErrorKind::short_buffer);
    bad = regs;
    bad[0] = 0;
    CHECK_FALSE(decode_record(p, bad, 4).value());  // EPC length 0: an empty slot
    CHECK_THROWS_AS(encode_record(p, {"XYZ", 1, 0, 1}), std::invalid_argument);

    std::mt19937 rng(11);
    for (const auto& j : {base_profile(), other_profile("table")}) {
        const auto q = profile_of(j);
        for (int i = 0; i < 20000; ++i) {
            std::vector<std::uint16_t> noise(rng() % 24);
            for (auto& w : noise) w = static_cast<std::uint16_t>(rng() % 3 == 0 ? rng() % 64 : rng());
            (void)decode_record(q, noise, static_cast<std::uint16_t>(1 + rng() % 32));
            (void)decode_identity(q, noise);
        }
    }
}

TEST_CASE("one reader reads every list mode from a simulated reader's registers", "[profiles][simulator]") {
    for (const auto& j :
         {base_profile(), other_profile("table"), other_profile("count_records"), other_profile("handshake")}) {
        const auto p = profile_of(j);
        INFO(p.name);
        const std::uint16_t antennas = p.identity.antenna_count_offset ? 8 : p.identity.antenna_count_fixed;
        auto tags = sample_tags(antennas);
        sim::RegisterImage image(p, {1, 0x0100, antennas, "SIM-1"});
        ImageIO io(image, [&] { return tags; });
        if (!p.trigger) image.publish_round(tags);  // a continuous reader has a round ready
        const auto id = read_identity(p, io);
        REQUIRE(id.ok());
        CHECK(id.value().antenna_count == antennas);
        const auto round = read_inventory(p, io, antennas);
        REQUIRE(round.ok());
        REQUIRE(round.value().tags.size() == tags.size());
        for (std::size_t i = 0; i < tags.size(); ++i) CHECK(round.value().tags[i].epc == tags[i].epc);
    }
}

TEST_CASE("a reader's impossible answers are errors, never a hang or an overrun", "[profiles]") {
    SECTION("a count beyond the list's capacity") {
        const auto p = profile_of(base_profile());
        sim::RegisterImage image(p, {1, 1, 8, "X"});
        ImageIO io(image, [] { return std::vector<map::TagRecord>{}; });
        io.on_read = [&](int) { image.holding()[p.list.count_address] = 1001; };
        const auto r = read_inventory(p, io, 8);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ReaderErrorKind::decode_error);
        CHECK_THAT(r.error().message, Catch::Contains("exceeds the list's capacity of 1000"));
    }
    SECTION("a round that changes while its list is read") {
        const auto p = profile_of(base_profile());
        sim::RegisterImage image(p, {1, 1, 8, "X"});
        auto tags = sample_tags(8);
        ImageIO io(image, [&] { return tags; });
        io.on_read = [&](int n) {
            if (n == 3) image.publish_round(tags);  // another round lands after the count was read
        };
        const auto r = read_inventory(p, io, 8);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ReaderErrorKind::protocol);
    }
    SECTION("a handshake reader that never runs dry") {
        const auto p = profile_of(other_profile("handshake"));
        sim::RegisterImage image(p, {1, 1, 4, "X"});
        auto tags = sample_tags(4);
        image.publish_round(tags);
        ImageIO io(image, [&] { return tags; });
        io.on_read = [&](int) { image.input()[p.list.count_address] = 5; };
        const auto r = read_inventory(p, io, 4);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Catch::Contains("past its capacity"));
    }
}

TEST_CASE("the Omron V780 READ ID layout decodes the manual's own example", "[profiles]") {
    const auto p = load_profile(std::string(CT_SOURCE_DIR) + "/config/readers/omron-v780-read-id.json");
    // RX: ... 03 40 | 3000 | 1111 2222 3333 4444 5555 6666 | 00 ... (StoredPC 3000 hex: 6 EPC words)
    std::vector<std::uint16_t> regs(32, 0);
    regs[0] = 0x3000;
    const std::uint16_t epc[] = {0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666};
    std::copy(std::begin(epc), std::end(epc), regs.begin() + 1);
    const auto r = decode_record(p, regs, 1);
    REQUIRE(r.ok());
    REQUIRE(r.value());
    CHECK(r.value()->epc == "111122223333444455556666");
    CHECK(r.value()->antenna == 1);
    CHECK(encode_record(p, *r.value()) == regs);

    // No tag in the field: the reader answers exception 04, which is an empty round, not a failure.
    sim::RegisterImage image(p, {1, 0, 1, ""});
    std::vector<map::TagRecord> field;
    ImageIO io(image, [&] { return field; });
    image.publish_round(field);
    const auto empty = read_inventory(p, io, 1);
    REQUIRE(empty.ok());
    CHECK(empty.value().tags.empty());
    field.push_back({"111122223333444455556666", 1, 0, 1});
    image.publish_round(field);
    const auto one = read_inventory(p, io, 1);
    REQUIRE(one.ok());
    REQUIRE(one.value().tags.size() == 1);
}

TEST_CASE("the Turck TBEN inventory layout reads the manual's UHF read-data blocks", "[profiles]") {
    const auto p = load_profile(std::string(CT_SOURCE_DIR) + "/config/readers/turck-tben-uhf-inventory.json");
    // One tag block as the manual lays out the bytes: size 16, block type 1, EPC[12], RSSI (LSB first),
    // number of read operations (LSB first); byte 0 in the low byte of the first register.
    const std::uint8_t bytes[18] = {16,   1,    0xE2, 0x80, 0x11, 0x60, 0x00, 0x00, 0x00,
                                    0x00, 0x00, 0x00, 0x00, 0x2A, 0xC8, 0xFF, 0x05, 0x00};
    std::vector<std::uint16_t> regs(9);
    for (std::size_t i = 0; i < 9; ++i) regs[i] = static_cast<std::uint16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
    const auto r = decode_record(p, regs, 1);
    REQUIRE(r.ok());
    REQUIRE(r.value());
    CHECK(r.value()->epc == "E2801160000000000000002A");
    CHECK(r.value()->read_count == 5);
    CHECK(p.list.kind == RegisterKind::input);
    CHECK(p.trigger->address == 0x0800);
    CHECK(p.list.capacity * p.record.registers <= 64);  // one 128-byte fragment
}
