#include "server/rules/rule_settings.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace casetrail::rules {

namespace {

int minutes(const common::ConfigObject& o, const std::string& key, int fallback, int max) {
    return static_cast<int>(o.integer(key, fallback, 1, max));
}

std::vector<int> lead_days(const common::ConfigObject& o, const std::vector<int>& fallback) {
    if (!o.has("lead_days")) return fallback;
    const auto& raw = o.raw("lead_days");
    if (!raw.is_array() || raw.empty() || raw.size() > 10) o.fail("lead_days", "must be a list of 1 to 10 whole days");
    std::vector<int> days;
    for (const auto& d : raw) {
        if (!d.is_number_integer() || d.get<std::int64_t>() < 1 || d.get<std::int64_t>() > 366) {
            o.fail("lead_days", "has " + d.dump() + "; each lead time is a whole number of days from 1 to 366");
        }
        days.push_back(d.get<int>());
    }
    std::sort(days.rbegin(), days.rend());
    if (std::adjacent_find(days.begin(), days.end()) != days.end()) o.fail("lead_days", "names a day twice");
    return days;
}

// `base` with what `o` sets; every rule block and key optional.
RuleSet apply(const RuleSet& base, const common::ConfigObject& o) {
    RuleSet r = base;
    if (auto b = o.optional_object("deadline")) {
        r.deadline_on = b->boolean("enabled", base.deadline_on);
        r.lead_days = lead_days(*b, base.lead_days);
        b->reject_unknown_keys();
    }
    if (auto b = o.optional_object("misplaced")) {
        r.misplaced_on = b->boolean("enabled", base.misplaced_on);
        r.misplaced_grace_minutes = minutes(*b, "grace_minutes", base.misplaced_grace_minutes, 7 * 24 * 60);
        b->reject_unknown_keys();
    }
    if (auto b = o.optional_object("out_without_handover")) {
        r.out_on = b->boolean("enabled", base.out_on);
        r.unseen_minutes = minutes(*b, "unseen_minutes", base.unseen_minutes, 7 * 24 * 60);
        b->reject_unknown_keys();
    }
    if (auto b = o.optional_object("custody_overdue")) {
        r.custody_on = b->boolean("enabled", base.custody_on);
        b->reject_unknown_keys();
    }
    if (auto b = o.optional_object("handover_unconfirmed")) {
        r.handover_on = b->boolean("enabled", base.handover_on);
        r.handover_minutes = minutes(*b, "after_minutes", base.handover_minutes, 7 * 24 * 60);
        b->reject_unknown_keys();
    }
    if (auto b = o.optional_object("lost")) {
        r.lost_on = b->boolean("enabled", base.lost_on);
        r.lost_hours = minutes(*b, "after_hours", base.lost_hours, 90 * 24);
        b->reject_unknown_keys();
    }
    if (auto b = o.optional_object("reader_offline")) {
        r.reader_on = b->boolean("enabled", base.reader_on);
        r.reader_minutes = minutes(*b, "after_minutes", base.reader_minutes, 7 * 24 * 60);
        b->reject_unknown_keys();
    }
    if (auto b = o.optional_object("escalation")) {
        r.escalate_on = b->boolean("enabled", base.escalate_on);
        r.escalate_minutes = minutes(*b, "after_minutes", base.escalate_minutes, 30 * 24 * 60);
        b->reject_unknown_keys();
    }
    o.reject_unknown_keys();
    // A "not seen" alert that came after "lost" would say less than what was already said.
    if (r.lost_on && r.out_on && r.unseen_minutes >= r.lost_hours * 60) {
        o.fail("out_without_handover.unseen_minutes",
               "is " + std::to_string(r.unseen_minutes) + ": it must be shorter than lost.after_hours (" +
                   std::to_string(r.lost_hours) + " h)");
    }
    return r;
}

}  // namespace

RulesConfig read_rules_config(const common::ConfigObject& obj) {
    RulesConfig cfg;
    cfg.sweep_interval_s = static_cast<int>(obj.integer("sweep_interval_s", cfg.sweep_interval_s, 1, 3600));
    cfg.event_poll_ms = static_cast<int>(obj.integer("event_poll_ms", cfg.event_poll_ms, 10, 10000));
    cfg.full_sweep_interval_s =
        static_cast<int>(obj.integer("full_sweep_interval_s", cfg.full_sweep_interval_s, cfg.sweep_interval_s, 86400));
    if (auto d = obj.optional_object("defaults")) cfg.defaults = apply(RuleSet{}, *d);
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
    const auto row = [](const RuleSet& r) {
        std::vector<std::int64_t> leads;
        for (int d : r.lead_days) leads.push_back(static_cast<std::int64_t>(d));
        return nlohmann::json{{"deadline_on", r.deadline_on},
                              {"lead_days", leads},
                              {"misplaced_on", r.misplaced_on},
                              {"misplaced_s", r.misplaced_grace_minutes * 60},
                              {"out_on", r.out_on},
                              {"unseen_s", r.unseen_minutes * 60},
                              {"custody_on", r.custody_on},
                              {"handover_on", r.handover_on},
                              {"handover_s", r.handover_minutes * 60},
                              {"lost_on", r.lost_on},
                              {"lost_s", static_cast<std::int64_t>(r.lost_hours) * 3600},
                              {"reader_on", r.reader_on},
                              {"reader_s", r.reader_minutes * 60},
                              {"escalate_on", r.escalate_on},
                              {"escalate_s", r.escalate_minutes * 60}};
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
