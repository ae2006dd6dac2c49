// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/dossier_render.hpp"

#include <cstdio>
#include <sstream>

#include "tools/cli/render.hpp"

namespace casetrail::cli {

namespace {

std::string text(const nlohmann::json& j, const char* key, const char* fallback = "-") {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return fallback;
    return j[key].get<std::string>();
}

std::string when(const nlohmann::json& j, const char* key) {
    const auto t = text(j, key, "");
    return t.empty() ? "-" : local_time(t);
}

std::string place(const nlohmann::json& p) {
    if (!p.is_object()) return "-";
    return text(p, "path") + "  [" + text(p, "code") + "]";
}

std::string custody_line(const nlohmann::json& c) {
    const auto state = text(c, "state");
    if (state == "in_archive") return "in the archive";
    const auto& h = c["holder"];
    std::string s = "held by " + text(h, "login") + " (" + text(h, "name") + ") since " + when(h, "since");
    if (h.contains("due_back") && h["due_back"].is_string()) s += ", due back " + when(h, "due_back");
    if (state == "in_transit") {
        const auto& x = c["handover"];
        s += "\n              in transit to " + text(x, "to") + " (handover " + std::to_string(x.value("id", 0)) +
             ", to be confirmed by " + when(x, "confirm_by") + ")";
    }
    return s;
}

}  // namespace

std::string render_dossier(const nlohmann::json& v) {
    std::ostringstream out;
    const auto& d = v["dossier"];
    out << text(d, "case_number") << "  " << text(d, "title") << "\n";
    out << "  Status:     " << text(d, "status") << " since " << when(d, "status_since") << "\n";
    out << "  Type:       " << text(d, "case_type") << "\n";
    out << "  Unit:       " << text(d["owning_unit"], "name") << " [" << text(d["owning_unit"], "code") << "]\n";
    if (d["case_handler"].is_object()) {
        out << "  Handler:    " << text(d["case_handler"], "name") << " [" << text(d["case_handler"], "login") << "]\n";
    }
    out << "  Home:       " << place(d["home"]) << "\n";
    out << "  Registered: " << when(d, "registered_at") << "\n";
    out << "  Custody:    " << custody_line(v["custody"]) << "\n";
    const auto& w = v["whereabouts"];
    for (const auto& vol : w["volumes"]) {
        out << "  Volume " << vol.value("volume", 0) << "  (tag " << text(vol, "epc", "none") << "): ";
        const auto state = text(vol, "state");
        if (state == "present") {
            out << place(vol["location"]);
        } else if (state == "ambiguous" && vol["candidates"].is_array() && vol["candidates"].size() == 2) {
            out << "between " << text(vol["candidates"][0], "code") << " and " << text(vol["candidates"][1], "code");
        } else if (state == "out") {
            out << "out through the doorway " << text(vol["location"], "code");
        } else if (state == "absent") {
            out << "not seen in coverage; last at " << text(vol["location"], "code");
        } else {
            out << "never seen by a reader";
        }
        out << "\n";
    }
    if (w.value("split", false)) out << "  The volumes are in different places.\n";
    for (const auto& dl : v["deadlines"]) {
        out << "  Deadline:   " << text(dl, "kind") << " " << when(dl, "due_at");
        if (dl["met_at"].is_string()) out << " (met " << when(dl, "met_at") << " by " << text(dl, "met_by") << ")";
        out << "  [#" << dl.value("id", 0) << "]\n";
    }
    return out.str();
}

std::string render_units(const nlohmann::json& a) {
    std::ostringstream out;
    for (const auto& u : a["units"]) {
        out << (u["parent"].is_null() ? ""
                : u["kind"] == "team" ? "    "
                                      : "  ")
            << text(u, "code") << "  " << text(u, "name") << " (" << text(u, "kind") << ")\n";
    }
    return out.str();
}

std::string render_staff(const nlohmann::json& a) {
    std::ostringstream out;
    char line[512];
    for (const auto& s : a["staff"]) {
        std::string roles;
        for (const auto& r : s["roles"]) roles += (roles.empty() ? "" : ", ") + r.get<std::string>();
        std::snprintf(line, sizeof line, "%-16s %-24s %-12s %s\n", text(s, "login").c_str(), text(s, "name").c_str(),
                      text(s, "unit").c_str(), roles.c_str());
        out << line;
    }
    return out.str();
}

std::string render_transitions(const nlohmann::json& a) {
    std::ostringstream out;
    for (const auto& t : a["transitions"]) {
        out << "  " << when(t, "at") << "  " << text(t, "from") << " -> " << text(t, "to") << "  by " << text(t, "by");
        if (t["note"].is_string()) out << "  (" << text(t, "note") << ")";
        out << "\n";
    }
    if (a["transitions"].empty()) out << "  no transitions yet\n";
    return out.str();
}

std::string render_bindings(const nlohmann::json& a) {
    std::ostringstream out;
    for (const auto& b : a["bindings"]) {
        out << "  volume " << b.value("volume", 0) << "  " << text(b, "epc") << "  " << when(b, "from") << " .. "
            << (b["to"].is_string() ? when(b, "to") : std::string("now")) << "  bound by " << text(b, "bound_by");
        if (b["unbound_by"].is_string()) out << ", unbound by " << text(b, "unbound_by");
        out << "\n";
    }
    return out.str();
}

std::string render_period(const nlohmann::json& p) {
    std::ostringstream out;
    out << "  " << when(p, "from") << " .. " << (p["to"].is_string() ? when(p, "to") : std::string("now")) << "  "
        << text(p["holder"], "login") << " (" << text(p["holder"], "name") << "), by " << text(p, "began_by");
    if (p["ended_by"].is_string()) out << ", until " << text(p, "ended_by");
    if (p["purpose"].is_string()) out << "; " << text(p, "purpose");
    out << "\n";
    return out.str();
}

std::string render_handover(const nlohmann::json& h) {
    std::ostringstream out;
    out << "  handover " << h.value("id", 0) << ": " << text(h, "from") << " -> " << text(h, "to") << ", "
        << text(h, "state") << " (started " << when(h, "initiated_at") << ", confirm by " << when(h, "confirm_by")
        << ")";
    if (h["outcome_at"].is_string()) out << ", " << text(h, "state") << " " << when(h, "outcome_at");
    out << "\n";
    return out.str();
}

std::string render_custody(const nlohmann::json& c) {
    std::ostringstream out;
    out << text(c, "case_number") << "\n  Now: " << custody_line(c["custody"]) << "\n  Holders:\n";
    for (const auto& p : c["holders"]) out << "  " << render_period(p);
    if (c["holders"].empty()) out << "    never checked out\n";
    if (!c["handovers"].empty()) out << "  Handovers:\n";
    for (const auto& h : c["handovers"]) out << "  " << render_handover(h);
    return out.str();
}

std::string render_search(const nlohmann::json& page) {
    std::ostringstream out;
    char line[1024];
    for (const auto& d : page["dossiers"]) {
        std::string at;
        for (const auto& c : d["now_at"]) at += (at.empty() ? "" : ",") + c.get<std::string>();
        std::snprintf(line, sizeof line, "%-16s %-16s %-10s %-12s %-14s  %s\n", text(d, "case_number").c_str(),
                      text(d, "status").c_str(), text(d, "unit").c_str(), text(d, "handler").c_str(),
                      at.empty() ? "-" : at.c_str(), text(d, "title").c_str());
        out << line;
    }
    if (page["dossiers"].empty()) out << "no dossier matches\n";
    if (page["next"].is_string()) out << "... more: --after " << page["next"].get<std::string>() << "\n";
    return out.str();
}

std::string render_stocktake(const nlohmann::json& r) {
    std::ostringstream out;
    const auto& s = r["stocktake"];
    out << "Stock-taking " << s.value("id", 0) << " of " << text(s, "scope") << ", " << text(s, "state") << " (started "
        << when(s, "started_at") << " by " << text(s, "started_by") << ")\n";
    if (const auto who = s.find("participants"); who != s.end() && who->is_array()) {
        out << "  taking part:";
        for (const auto& p : *who) out << " " << (p.is_string() ? p.get<std::string>() : "?");
        out << "\n";
    }
    const auto& sum = r["summary"];
    out << "  present " << sum.value("present", 0) << ", missing " << sum.value("missing", 0) << ", misplaced "
        << sum.value("misplaced", 0) << ", unknown tags " << sum.value("unknown_tag", 0) << "\n";
    for (const auto& i : r["items"]) {
        const auto cls = text(i, "class");
        if (cls == "present") continue;
        out << "  " << cls << "  " << text(i, "case_number", "")
            << (i["volume"].is_number() ? " vol " + std::to_string(i["volume"].get<int>()) : "") << "  "
            << text(i, "epc", "");
        if (cls == "missing") {
            if (i["checked_out_to"].is_string()) {
                out << "  checked out to " << text(i, "checked_out_to");
            } else if (i["last_known"].is_object()) {
                out << "  last known at " << text(i["last_known"], "at") << " (" << text(i["last_known"], "state")
                    << ")";
            } else {
                out << "  never seen by a reader";
            }
        } else {
            out << "  seen at " << text(i, "seen_at") << " by " << text(i, "seen_by");
            if (cls == "misplaced") out << ", belongs at " << text(i, "belongs_at");
        }
        out << "\n";
    }
    for (const auto& st : r["scans_by_staff"]) {
        out << "  scans by " << text(st, "login") << ": " << st.value("scans", 0) << " in " << st.value("batches", 0)
            << " batches\n";
    }
    return out.str();
}

}  // namespace casetrail::cli
