// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/local_state.hpp"

#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "common/config_reader.hpp"
#include "common/durable_file.hpp"

namespace casetrail::gateway {

std::optional<LocalState> load_local_state(const std::string& path, const common::Logger& log) {
    try {
        const auto j = common::load_json_file(path);
        LocalState s;
        s.seq = j.at("seq").get<std::uint64_t>();
        for (const auto& a : j.at("antennas")) {
            s.antennas.push_back({a.at("reader").get<std::string>(), a.at("port").get<int>(),
                                  a.at("location_code").get<std::string>(), a.at("antenna_id").get<std::int64_t>(),
                                  a.at("location_id").get<std::int64_t>()});
        }
        for (const auto& [epc, antenna] : j.at("positions").items()) s.positions[epc] = antenna.get<std::int64_t>();
        return s;
    } catch (const common::ConfigError& e) {
        log.info("no usable local state", {{"file", path}, {"reason", e.what()}});
    } catch (const nlohmann::json::exception& e) {
        log.warn("local state unreadable; ignored", {{"file", path}, {"reason", e.what()}});
    }
    return std::nullopt;
}

void save_local_state(const std::string& path, const LocalState& state) {
    nlohmann::json antennas = nlohmann::json::array();
    for (const auto& a : state.antennas) {
        antennas.push_back({{"reader", a.reader_code},
                            {"port", a.port},
                            {"location_code", a.location_code},
                            {"antenna_id", a.antenna_id},
                            {"location_id", a.location_id}});
    }
    const nlohmann::json j = {{"seq", state.seq}, {"antennas", antennas}, {"positions", state.positions}};
    common::write_file_durably(path, j.dump());
}

bool matches_config(const LocalState& state, const GatewayConfig& cfg) {
    std::set<std::tuple<std::string, int, std::string>> cached, configured;
    for (const auto& a : state.antennas) cached.emplace(a.reader_code, a.port, a.location_code);
    for (const auto& r : cfg.readers)
        for (const auto& a : r.antennas) configured.emplace(r.id, a.port, a.location_code);
    return !cached.empty() && cached == configured;
}

}  // namespace casetrail::gateway
