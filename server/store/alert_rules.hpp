// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The alert rules, one entry each: its name (alerts.rule), its block of the rules settings with every
// setting's default and range, and its SQL, which also writes the alert's text. Adding a rule is one entry
// in alert_rules.cpp, its test, and its line in docs/alerts.md (and its settings' in config/README.md);
// the settings' reading and validation (rules/rule_settings), the rows its SQL reads them from, the
// engine's steps and sweeps, the API's rule filter and the schema's table of names (alert_rules, filled
// from here at start) all follow this list.

#include <string>
#include <vector>

namespace casetrail::store {

// A setting of a rule besides "enabled", as written in its block of the rules config.
struct RuleSetting {
    enum class Kind {
        minutes,    // a whole number of minutes; the SQL reads seconds
        hours,      // a whole number of hours; the SQL reads seconds
        lead_days,  // 1 to 10 whole days, each from min to max, kept longest first; the SQL reads integer[]
    };
    std::string key;     // e.g. "grace_minutes"
    std::string column;  // its column in the settings rows, e.g. "misplaced_s"
    Kind kind = Kind::minutes;
    int min = 1, max = 1;
    std::vector<int> fallback;  // the default: one number, or the list of days
};

// One block of the rules config: a rule's (or escalation's, which raises no alert of its own).
struct RuleSettingsBlock {
    std::string key;             // e.g. "misplaced"
    std::string enabled_column;  // e.g. "misplaced_on"
    std::vector<RuleSetting> settings;
};

// What a rule statement's $1, $2, ... are, in order.
enum class RuleParam {
    settings,        // jsonb: the settings rows (rules::settings_rows), read through the CTE `s`
    now_us,          // bigint: the rules' clock
    volumes,         // bigint[]: the volumes of new events (NULL in sweeps: every volume)
    window_from_us,  // bigint: the previous sweep's time (NULL: no window, look at every row)
    met_after_us,    // bigint: the database's time at the previous sweep (NULL: no window)
    max_lead_days,   // int: the longest deadline lead time of any unit
    max_grace_s,     // bigint: the longest misplaced grace time of any unit
    deadline_after,  // bigint: the newest deadline id the previous sweep saw
    slice,           // int: which slice of every row this pass looks at (NULL: none)
    slices,          // int: how many slices a full pass is spread over
};

struct RuleStatement {
    enum class Counts { raised, cleared, nothing };  // what the ids it returns are
    Counts counts = Counts::nothing;
    std::string sql;
    std::vector<RuleParam> params;
    // Windowed sweeps run it once more, the window off, over one slice of every row: over `slices`
    // sweeps every row is looked at, though no sweep reads them all.
    bool sliced = false;
};

struct AlertRule {
    std::string name;  // alerts.rule
    RuleSettingsBlock block;
    bool about_volumes = false;             // evaluated at once for the volumes of new location events, and in sweeps
    std::vector<RuleStatement> statements;  // in order: the rule's clear before its raise
};

// Every rule, in the order they are evaluated.
const std::vector<AlertRule>& alert_rules();
std::vector<std::string> alert_rule_names();

// Escalation's block: alerts open, not acknowledged, past its time go to the unit's supervisors.
const RuleSettingsBlock& escalation_settings();

// Every settings block: the rules', then escalation's.
std::vector<const RuleSettingsBlock*> settings_blocks();

// `WITH s AS (...)`: the settings rows ($1) as a table with one column per setting, for the rules' SQL.
const std::string& settings_cte();

}  // namespace casetrail::store
