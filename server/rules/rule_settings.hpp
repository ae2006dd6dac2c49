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

namespace casetrail::rules {

// What one unit's rules do; every duration in the unit its key names.
struct RuleSet {
    bool deadline_on = true;
    std::vector<int> lead_days{7, 3, 1};  // alert this many days before a deadline; descending
    bool misplaced_on = true;
    int misplaced_grace_minutes = 15;
    bool out_on = true;
    int unseen_minutes = 60;  // not seen anywhere for this long while not checked out: "out", not seen
    bool custody_on = true;
    bool handover_on = true;
    int handover_minutes = 120;  // a handover the receiver has not confirmed for this long
    bool lost_on = true;
    int lost_hours = 24;
    bool reader_on = true;
    int reader_minutes = 5;  // offline or degraded for this long
    bool escalate_on = true;
    int escalate_minutes = 240;  // open, not acknowledged, for this long: to the unit's supervisors

    bool operator==(const RuleSet&) const = default;
};

struct RulesConfig {
    int sweep_interval_s = 30;
    int full_sweep_interval_s = 600;  // every row looked at within this, a slice per sweep
    int event_poll_ms = 200;
    RuleSet defaults;
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
