// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/alert_render.hpp"

#include <sstream>

#include "tools/cli/render.hpp"

namespace casetrail::cli {

namespace {

std::string text(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::string state_of(const nlohmann::json& a) {
    std::string s = text(a, "state");
    if (a["acknowledged"].is_object()) s += " (acknowledged by " + text(a["acknowledged"], "by") + ")";
    if (a["resolved"].is_object()) {
        const auto& r = a["resolved"];
        s += " (" + text(r, "how") + (r["by"].is_string() ? " by " + text(r, "by") : "") + ")";
    }
    return s;
}

}  // namespace

std::string render_alerts(const nlohmann::json& answer) {
    std::ostringstream out;
    for (const auto& a : answer["alerts"]) {
        out << '#' << a.value("id", 0) << "  " << local_time(text(a, "raised_at")) << "  " << text(a, "rule")
            << (a["stage"].is_string() ? " " + text(a, "stage") : "") << "  " << state_of(a) << "\n    "
            << text(a, "summary") << "\n";
    }
    if (answer["alerts"].empty()) out << "no alerts\n";
    if (answer["next_before"].is_number()) out << "more: --before " << answer["next_before"].get<long long>() << "\n";
    return out.str();
}

std::string render_alert(const nlohmann::json& a) {
    std::ostringstream out;
    out << "alert #" << a.value("id", 0) << ": " << text(a, "summary") << "\n  rule: " << text(a, "rule")
        << (a["stage"].is_string() ? " (" + text(a, "stage") + ")" : "") << "\n  state: " << state_of(a)
        << "\n  raised: " << local_time(text(a, "raised_at")) << "\n";
    if (a["escalated_at"].is_string()) out << "  escalated: " << local_time(text(a, "escalated_at")) << "\n";
    if (a["resolved"].is_object() && a["resolved"]["note"].is_string())
        out << "  note: " << text(a["resolved"], "note") << "\n";
    out << "  details: " << a["details"].dump() << "\n";
    if (a.contains("notices")) {
        out << "  told:\n";
        for (const auto& n : a["notices"]) {
            out << "    " << local_time(text(n, "at")) << "  " << text(n, "kind") << " -> " << text(n, "to") << "\n";
        }
    }
    if (a.contains("deliveries") && !a["deliveries"].empty()) {
        out << "  deliveries:\n";
        for (const auto& d : a["deliveries"]) {
            out << "    " << local_time(text(d, "at")) << "  notice " << d.value("notice", 0) << " "
                << text(d, "channel") << " " << text(d, "target") << " attempt " << d.value("attempt", 0) << ": "
                << text(d, "outcome") << (d["detail"].is_string() ? " (" + text(d, "detail") + ")" : "") << "\n";
        }
    }
    return out.str();
}

std::string render_notice(const nlohmann::json& n) {
    if (n.contains("error")) return "error: " + text(n["error"], "message") + "\n";
    const auto& a = n["alert"];
    return "[" + std::to_string(n.value("notice", 0)) + "] " + local_time(text(n, "at")) + "  " + text(n, "kind") +
           " #" + std::to_string(a.value("id", 0)) + " " + text(a, "rule") + ": " + text(a, "summary") + "\n";
}

}  // namespace casetrail::cli
