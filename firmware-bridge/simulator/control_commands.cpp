// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/control_commands.hpp"

#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace casetrail::bridge::sim {

namespace {

std::vector<std::string> split_words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

std::uint16_t parse_antenna(const std::string& text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > 0xFFFF) {
        throw std::invalid_argument("antenna \"" + text + "\" is not a number");
    }
    return static_cast<std::uint16_t>(value);
}

std::int16_t parse_rssi(const std::string& text) {
    std::size_t used = 0;
    double dbm = 0;
    try {
        dbm = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(dbm >= -120.0 && dbm <= 0.0)) {
        throw std::invalid_argument("RSSI \"" + text + "\" is not a dBm value in -120..0");
    }
    return static_cast<std::int16_t>(std::lround(dbm * 10));
}

constexpr const char* kHelp =
    "commands: add EPC ANTENNA [RSSI_DBM] | move EPC ANTENNA | park EPC ANTENNA ANTENNA | remove EPC | list | status | "
    "offline | online | flood TAGS [ROUNDS_EACH] | help (prefix \"READER:\" to address one reader)\n";

}  // namespace

std::string run_control_command(const std::string& line, TagField& field, const SimCounters& counters) {
    const auto w = split_words(line);
    if (w.empty()) return "error empty command\n";
    try {
        const std::string& cmd = w[0];
        if (cmd == "add" && (w.size() == 3 || w.size() == 4)) {
            field.add(w[1], parse_antenna(w[2]), w.size() == 4 ? parse_rssi(w[3]) : std::int16_t{-550});
            return "ok\n";
        }
        if (cmd == "move" && w.size() == 3) {
            field.move(w[1], parse_antenna(w[2]));
            return "ok\n";
        }
        if (cmd == "park" && w.size() == 4) {
            field.park(w[1], parse_antenna(w[2]), parse_antenna(w[3]));
            return "ok\n";
        }
        if (cmd == "remove" && w.size() == 2) {
            field.remove(w[1]);
            return "ok\n";
        }
        if (cmd == "list" && w.size() == 1) {
            std::ostringstream out;
            for (const auto& t : field.inventory()) {
                out << "tag " << t.epc << ' ' << t.antenna << ' ' << (t.rssi_decidbm / 10.0) << '\n';
            }
            out << "ok " << field.size() << " tags\n";
            return out.str();
        }
        if (cmd == "status" && w.size() == 1) {
            return "ok rounds=" + std::to_string(counters.rounds) + " tags=" + std::to_string(field.size()) +
                   " antennas=" + std::to_string(field.antenna_count()) + "\n";
        }
        if (cmd == "help") return std::string(kHelp) + "ok\n";
        return "error unknown command or wrong arguments: \"" + line + "\"; " + kHelp;
    } catch (const std::invalid_argument& e) {
        return std::string("error ") + e.what() + "\n";
    }
}

}  // namespace casetrail::bridge::sim
