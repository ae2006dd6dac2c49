// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The registry of alert rules holds together: what a rule declares matches its SQL, and the contract, the
// rules' documentation and the settings' documentation name every rule and setting it has.

#include "server/store/alert_rules.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/rules/rule_settings.hpp"

using namespace casetrail;
using store::RuleParam;
using store::RuleStatement;

namespace {

std::string read(const std::string& relative) {
    std::ifstream in(std::string(CT_SOURCE_DIR) + "/" + relative);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The highest $n a statement uses.
std::size_t highest_parameter(const std::string& sql) {
    std::size_t n = 0;
    const std::regex param(R"(\$([0-9]+))");
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), param); it != std::sregex_iterator(); ++it) {
        n = std::max<std::size_t>(n, std::stoul((*it)[1].str()));
    }
    return n;
}

}  // namespace

TEST_CASE("every rule's statements take the parameters they declare, clear before they raise, and name the rule",
          "[rules]") {
    std::set<std::string> names;
    for (const auto& rule : store::alert_rules()) {
        INFO(rule.name);
        CHECK(std::regex_match(rule.name, std::regex("[a-z][a-z_]{0,62}")));  // as alert_rules.name allows
        CHECK(names.insert(rule.name).second);
        CHECK(rule.block.key == rule.name);
        bool raised = false;
        for (const auto& st : rule.statements) {
            INFO(st.sql);
            CHECK(highest_parameter(st.sql) == st.params.size());
            const bool reads_settings = !st.params.empty() && st.params.front() == RuleParam::settings;
            CHECK(reads_settings == (st.sql.rfind(store::settings_cte(), 0) == 0));
            CHECK(st.sql.find("'" + rule.name + "'") != std::string::npos);
            if (st.counts == RuleStatement::Counts::cleared) CHECK_FALSE(raised);
            if (st.counts == RuleStatement::Counts::raised) raised = true;
            const bool windowed = std::find(st.params.begin(), st.params.end(), RuleParam::slice) != st.params.end();
            CHECK(st.sliced == windowed);
            if (!rule.about_volumes) {
                CHECK(std::find(st.params.begin(), st.params.end(), RuleParam::volumes) == st.params.end());
            }
        }
        CHECK(raised);
    }
}

TEST_CASE("settings blocks have unique keys and columns, and defaults within their ranges", "[rules]") {
    std::set<std::string> keys, columns{"unit_id"};
    for (const auto* block : store::settings_blocks()) {
        INFO(block->key);
        CHECK(keys.insert(block->key).second);
        CHECK(columns.insert(block->enabled_column).second);
        for (const auto& s : block->settings) {
            INFO(s.key);
            CHECK(columns.insert(s.column).second);
            REQUIRE_FALSE(s.fallback.empty());
            for (int v : s.fallback) CHECK((v >= s.min && v <= s.max));
            if (s.kind == store::RuleSetting::Kind::lead_days) {
                CHECK(std::is_sorted(s.fallback.rbegin(), s.fallback.rend()));
            } else {
                CHECK(s.fallback.size() == 1);
            }
            CHECK(store::settings_cte().find(s.column) != std::string::npos);
        }
    }
    // The settings rows carry exactly the columns the rules' SQL reads.
    const auto rows = rules::settings_rows({}, rules::default_rule_set());
    REQUIRE(rows.size() == 1);
    std::set<std::string> in_rows;
    for (const auto& [k, _] : rows[0].items()) in_rows.insert(k);
    CHECK(in_rows == columns);
}

TEST_CASE("the contract, docs/alerts.md and config/README.md name every rule and setting", "[rules][api]") {
    const auto contract = nlohmann::json::parse(read("docs/openapi.json"));
    const auto documented = contract["components"]["schemas"]["Alert"]["properties"]["rule"]["enum"];
    CHECK(documented.get<std::vector<std::string>>() == store::alert_rule_names());
    const auto alerts_md = read("docs/alerts.md");
    for (const auto& name : store::alert_rule_names()) {
        INFO(name);
        CHECK(alerts_md.find("| `" + name + "` |") != std::string::npos);
    }
    const auto config_md = read("config/README.md");
    for (const auto* block : store::settings_blocks()) {
        if (block->settings.empty()) CHECK(config_md.find("| `" + block->key + "` |") != std::string::npos);
        for (const auto& s : block->settings) {
            INFO(block->key + "." + s.key);
            CHECK(config_md.find("| `" + block->key + "." + s.key + "` |") != std::string::npos);
        }
    }
}
