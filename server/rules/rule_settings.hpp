// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The rules' settings: defaults for every unit, overrides per unit (inherited down the unit tree), read
// from the "rules" part of the server's configuration and validated with messages naming key and value.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/config_reader.hpp"
#include "server/store/alert_rules.hpp"

namespace casetrail::rules {

// What one unit's rules do: for each block of the rules settings (server/store/alert_rules), whether it
// is on, and each setting's value in the unit its key names (a list of days: longest first).
struct RuleSet {
    std::map<std::string, bool> enabled;             // block -> on
    std::map<std::string, std::vector<int>> values;  // "block.key" -> its value (one number, or the list)

    bool on(const std::string& block) const { return enabled.at(block); }
    int value(const std::string& block, const std::string& key) const { return values.at(block + "." + key).front(); }
    const std::vector<int>& list(const std::string& block, const std::string& key) const {
        return values.at(block + "." + key);
    }
    bool operator==(const RuleSet&) const = default;
};

// Every block's defaults, as the rules' entries give them.
RuleSet default_rule_set();

struct RulesConfig {
    int sweep_interval_s = 30;
    int full_sweep_interval_s = 600;  // every row looked at within this, a slice per sweep
    int event_poll_ms = 200;
    RuleSet defaults = default_rule_set();
    // Unit code -> its override, as written (checked against the defaults at load); applied over the
    // settings of the unit above it.
    std::map<std::string, nlohmann::json> unit_overrides;
};

// Reads `obj` (the "rules" object); throws common::ConfigError naming the key and the value.
RulesConfig read_rules_config(const common::ConfigObject& obj);
// The shipped defaults file (config/rules.json) or an inline object: a path is read beside `config_file`.
RulesConfig load_rules_config(const common::ConfigObject& parent, const std::string& key);

struct UnitNode {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent_id;
    std::string code;
};

// Each unit's effective settings (keyed by unit id), overrides applied from the root down.
// Throws common::ConfigError when an override names a unit that does not exist.
std::map<std::int64_t, RuleSet> resolve_per_unit(const RulesConfig& cfg, const std::vector<UnitNode>& units,
                                                 const std::string& source);

// Rows for the sweep's SQL (jsonb_to_recordset): one per unit, and one with a null unit_id for the defaults.
nlohmann::json settings_rows(const std::map<std::int64_t, RuleSet>& per_unit, const RuleSet& defaults);

}  // namespace casetrail::rules
