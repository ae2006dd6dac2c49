// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/rules/rule_settings.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace casetrail::rules {

namespace {

using store::RuleSetting;
using store::RuleSettingsBlock;

constexpr std::size_t kMaxLeadTimes = 10;

std::vector<int> lead_days(const common::ConfigObject& o, const RuleSetting& s, const std::vector<int>& fallback) {
    if (!o.has(s.key)) return fallback;
    const auto& raw = o.raw(s.key);
    if (!raw.is_array() || raw.empty() || raw.size() > kMaxLeadTimes) {
        o.fail(s.key, "must be a list of 1 to " + std::to_string(kMaxLeadTimes) + " whole days");
    }
    std::vector<int> days;
    for (const auto& d : raw) {
        if (!d.is_number_integer() || d.get<std::int64_t>() < s.min || d.get<std::int64_t>() > s.max) {
            o.fail(s.key, "has " + d.dump() + "; each lead time is a whole number of days from " +
                              std::to_string(s.min) + " to " + std::to_string(s.max));
        }
        days.push_back(d.get<int>());
    }
    std::sort(days.rbegin(), days.rend());
    if (std::adjacent_find(days.begin(), days.end()) != days.end()) o.fail(s.key, "names a day twice");
    return days;
}

std::vector<int> setting(const common::ConfigObject& o, const RuleSetting& s, const std::vector<int>& fallback) {
    if (s.kind == RuleSetting::Kind::lead_days) return lead_days(o, s, fallback);
    return {static_cast<int>(o.integer(s.key, fallback.front(), s.min, s.max))};
}

// `base` with what `o` sets; every block and key optional.
RuleSet apply(const RuleSet& base, const common::ConfigObject& o) {
    RuleSet r = base;
    for (const auto* block : store::settings_blocks()) {
        const auto b = o.optional_object(block->key);
        if (!b) continue;
        r.enabled[block->key] = b->boolean("enabled", base.on(block->key));
        for (const auto& s : block->settings) {
            const auto name = block->key + "." + s.key;
            r.values[name] = setting(*b, s, base.values.at(name));
        }
        b->reject_unknown_keys();
    }
    o.reject_unknown_keys();
    // A "not seen" alert that came after "lost" would say less than what was already said.
    const int unseen = r.value("out_without_handover", "unseen_minutes"), lost_hours = r.value("lost", "after_hours");
    if (r.on("lost") && r.on("out_without_handover") && unseen >= lost_hours * 60) {
        o.fail("out_without_handover.unseen_minutes", "is " + std::to_string(unseen) +
                                                          ": it must be shorter than lost.after_hours (" +
                                                          std::to_string(lost_hours) + " h)");
    }
    return r;
}

}  // namespace

RuleSet default_rule_set() {
    RuleSet r;
    for (const auto* block : store::settings_blocks()) {
        r.enabled[block->key] = true;
        for (const auto& s : block->settings) r.values[block->key + "." + s.key] = s.fallback;
    }
    return r;
}

RulesConfig read_rules_config(const common::ConfigObject& obj) {
    RulesConfig cfg;
    cfg.sweep_interval_s = static_cast<int>(obj.integer("sweep_interval_s", cfg.sweep_interval_s, 1, 3600));
    cfg.event_poll_ms = static_cast<int>(obj.integer("event_poll_ms", cfg.event_poll_ms, 10, 10000));
    cfg.full_sweep_interval_s =
        static_cast<int>(obj.integer("full_sweep_interval_s", cfg.full_sweep_interval_s, cfg.sweep_interval_s, 86400));
    if (auto d = obj.optional_object("defaults")) cfg.defaults = apply(default_rule_set(), *d);
    if (obj.has("units")) {
        const auto& units = obj.raw("units");
        if (!units.is_object()) obj.fail("units", "must be an object of unit code -> rule settings");
        const auto block = obj.object("units");
        for (const auto& [code, value] : units.items()) {
            if (!value.is_object()) block.fail(code, "must be an object of rule settings");
            apply(cfg.defaults, block.object(code));  // validated now; applied over its parent's at resolve time
            cfg.unit_overrides.emplace(code, value);
        }
        block.reject_unknown_keys();
    }
    obj.reject_unknown_keys();
    return cfg;
}

RulesConfig load_rules_config(const common::ConfigObject& parent, const std::string& key) {
    if (!parent.has(key)) return RulesConfig{};
    const auto& raw = parent.raw(key);
    if (raw.is_string()) {
        const auto path = common::resolve_beside(parent.file(), raw.get<std::string>());
        const auto json = common::load_json_file(path);
        return read_rules_config(common::ConfigObject(json, path));
    }
    if (!raw.is_object()) parent.fail(key, "must be a rules object or the path of a rules file");
    return read_rules_config(parent.object(key));
}

std::map<std::int64_t, RuleSet> resolve_per_unit(const RulesConfig& cfg, const std::vector<UnitNode>& units,
                                                 const std::string& source) {
    std::map<std::string, const UnitNode*> by_code;
    std::map<std::int64_t, const UnitNode*> by_id;
    for (const auto& u : units) {
        by_code[u.code] = &u;
        by_id[u.id] = &u;
    }
    for (const auto& [code, _] : cfg.unit_overrides) {
        if (!by_code.contains(code)) {
            throw common::ConfigError(source + ": rules.units." + code + ": there is no unit \"" + code + "\"");
        }
    }
    std::map<std::int64_t, RuleSet> out;
    // Parents before children: resolve recursively, memoised (the schema keeps the tree acyclic).
    std::function<const RuleSet&(const UnitNode&)> settings_of = [&](const UnitNode& u) -> const RuleSet& {
        if (auto it = out.find(u.id); it != out.end()) return it->second;
        RuleSet base = cfg.defaults;
        if (u.parent_id && by_id.contains(*u.parent_id)) base = settings_of(*by_id.at(*u.parent_id));
        if (auto o = cfg.unit_overrides.find(u.code); o != cfg.unit_overrides.end()) {
            base = apply(base, common::ConfigObject(o->second, source, "rules.units." + u.code));
        }
        return out.emplace(u.id, base).first->second;
    };
    for (const auto& u : units) settings_of(u);
    return out;
}

nlohmann::json settings_rows(const std::map<std::int64_t, RuleSet>& per_unit, const RuleSet& defaults) {
    // Each block's enabled column and settings, durations in seconds, as the rules' SQL reads them.
    const auto row = [](const RuleSet& r) {
        nlohmann::json j = nlohmann::json::object();
        for (const auto* block : store::settings_blocks()) {
            j[block->enabled_column] = r.on(block->key);
            for (const auto& s : block->settings) {
                const auto& v = r.list(block->key, s.key);
                switch (s.kind) {
                    case RuleSetting::Kind::lead_days: j[s.column] = v; break;
                    case RuleSetting::Kind::minutes: j[s.column] = static_cast<std::int64_t>(v.front()) * 60; break;
                    case RuleSetting::Kind::hours: j[s.column] = static_cast<std::int64_t>(v.front()) * 3600; break;
                }
            }
        }
        return j;
    };
    auto rows = nlohmann::json::array();
    auto d = row(defaults);
    d["unit_id"] = nullptr;
    rows.push_back(std::move(d));
    for (const auto& [id, r] : per_unit) {
        auto j = row(r);
        j["unit_id"] = id;
        rows.push_back(std::move(j));
    }
    return rows;
}

}  // namespace casetrail::rules
