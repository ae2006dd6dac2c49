// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/rules/rule_settings.hpp"

#include <catch2/catch.hpp>

using namespace casetrail::rules;
using casetrail::common::ConfigError;
using casetrail::common::ConfigObject;
using nlohmann::json;

namespace {

RulesConfig read(const json& j) { return read_rules_config(ConfigObject(j, "rules.json")); }

std::string error_of(const json& j) {
    try {
        read(j);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

// bureau 1 > station 2 > team 3; a second bureau 4.
const std::vector<UnitNode> kUnits{
    {1, std::nullopt, "CID"}, {2, 1, "CID-S1"}, {3, 2, "CID-T1"}, {4, std::nullopt, "ECON"}};

}  // namespace

TEST_CASE("rule settings: sane defaults, and the shipped config/rules.json says the same", "[rules]") {
    const auto cfg = read(json::object());
    CHECK(cfg.defaults.list("deadline", "lead_days") == std::vector<int>{7, 3, 1});
    CHECK(cfg.defaults.value("misplaced", "grace_minutes") == 15);
    CHECK(cfg.defaults.value("escalation", "after_minutes") == 240);
    CHECK(cfg.sweep_interval_s == 30);
    const auto shipped = casetrail::common::load_json_file(std::string(CT_SOURCE_DIR) + "/config/rules.json");
    const auto file = read_rules_config(ConfigObject(shipped, "config/rules.json"));
    CHECK(file.defaults == cfg.defaults);
    CHECK(file.sweep_interval_s == cfg.sweep_interval_s);
    CHECK(file.unit_overrides.empty());
}

TEST_CASE("rule settings: overrides apply down the unit tree, key by key", "[rules]") {
    const auto cfg = read({{"defaults", {{"misplaced", {{"grace_minutes", 30}}}}},
                           {"units",
                            {{"CID-S1", {{"deadline", {{"lead_days", {1, 14}}}}, {"misplaced", {{"enabled", false}}}}},
                             {"CID-T1", {{"misplaced", {{"enabled", true}}}}}}}});
    const auto per_unit = resolve_per_unit(cfg, kUnits, "rules.json");
    CHECK(per_unit.at(1).value("misplaced", "grace_minutes") == 30);
    CHECK(per_unit.at(1).list("deadline", "lead_days") == std::vector<int>{7, 3, 1});
    CHECK_FALSE(per_unit.at(2).on("misplaced"));
    CHECK(per_unit.at(2).list("deadline", "lead_days") == std::vector<int>{14, 1});  // sorted, longest first
    CHECK(per_unit.at(3).on("misplaced"));                                           // its own override
    CHECK(per_unit.at(3).list("deadline", "lead_days") == std::vector<int>{14, 1});  // inherited from the station
    CHECK(per_unit.at(3).value("misplaced", "grace_minutes") == 30);                 // from the defaults
    CHECK(per_unit.at(4) == per_unit.at(1));

    const auto rows = settings_rows(per_unit, cfg.defaults);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0]["unit_id"].is_null());
    CHECK(rows[3]["unit_id"] == 3);
    CHECK(rows[3]["misplaced_s"] == 1800);
    CHECK(rows[3]["lead_days"] == json::array({14, 1}));
}

TEST_CASE("rule settings: bad values are refused with the key and the value", "[rules]") {
    CHECK_THAT(error_of({{"defaults", {{"misplaced", {{"grace_minutes", 0}}}}}}),
               Catch::Contains("defaults.misplaced.grace_minutes"));
    CHECK_THAT(error_of({{"defaults", {{"deadline", {{"lead_days", {7, "3"}}}}}}}), Catch::Contains("\"3\""));
    CHECK_THAT(error_of({{"defaults", {{"deadline", {{"lead_days", {3, 3}}}}}}}), Catch::Contains("names a day twice"));
    CHECK_THAT(error_of({{"defaults", {{"deadline", {{"lead_days", json::array()}}}}}}), Catch::Contains("lead_days"));
    CHECK_THAT(error_of({{"defaults", {{"misplace", json::object()}}}}), Catch::Contains("misplace"));
    CHECK_THAT(
        error_of({{"defaults", {{"lost", {{"after_hours", 1}}}, {"out_without_handover", {{"unseen_minutes", 90}}}}}}),
        Catch::Contains("must be shorter than lost.after_hours"));
    CHECK_THAT(error_of({{"units", {{"CID-T1", {{"lost", {{"after_days", 2}}}}}}}}),
               Catch::Contains("units.CID-T1.lost.after_days"));
    CHECK_THAT(error_of({{"sweep_interval_s", 0}}), Catch::Contains("sweep_interval_s"));

    const auto unknown = read({{"units", {{"NOPE", {{"lost", {{"after_hours", 48}}}}}}}});
    CHECK_THROWS_WITH(resolve_per_unit(unknown, kUnits, "server.json"),
                      Catch::Contains("rules.units.NOPE") && Catch::Contains("there is no unit"));
}
