// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/render.hpp"

#include <cstdio>
#include <ctime>
#include <sstream>

namespace casetrail::cli {

namespace {

std::string text(const nlohmann::json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
    return j[key].get<std::string>();
}

std::string place(const nlohmann::json& p) {
    if (!p.is_object()) return "(unknown)";
    return text(p, "path") + "  [" + text(p, "code") + "]";
}

std::string short_place(const nlohmann::json& p) {
    if (!p.is_object()) return "(unknown)";
    return text(p, "code");
}

std::string heading(const nlohmann::json& dossier) {
    return text(dossier, "case_number") + "  " + text(dossier, "title") + "\n";
}

void render_volume_location(std::ostringstream& out, const nlohmann::json& v, const char* indent) {
    const auto state = text(v, "state");
    if (state == "unknown" || !v.contains("last_seen")) {
        out << indent << "Where:      never seen by a reader\n";
        return;
    }
    const auto& seen = v["last_seen"];
    if (state == "present") {
        out << indent << "Where:      " << place(v["location"]) << "\n";
        out << indent << "Since:      " << local_time(text(v, "since")) << "\n";
    } else if (state == "ambiguous" && v["candidates"].is_array() && v["candidates"].size() == 2) {
        out << indent << "Where:      between " << place(v["candidates"][0]) << "\n";
        out << indent << "            and     " << place(v["candidates"][1]) << "\n";
        out << indent << "            (both antennas hear it about as well; ambiguous since "
            << local_time(text(v, "since")) << ")\n";
    } else if (state == "out") {
        out << indent << "Where:      out: passed the doorway outward at " << local_time(text(v, "since")) << "\n";
        out << indent << "Doorway:    " << place(v["location"]) << "\n";
    } else {
        out << indent << "Where:      not seen in coverage since " << local_time(text(v, "since")) << "\n";
        out << indent << "Last place: " << place(v["location"]) << "\n";
    }
    out << indent << "Last seen:  reader " << text(seen, "reader") << ", antenna " << seen.value("antenna", 0) << ", "
        << local_time(text(seen, "at")) << "\n";
}

}  // namespace

std::string local_time(const std::string& s) {
    int y, mo, d, h, mi, sec;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6) return s;
    std::tm utc{};
    utc.tm_year = y - 1900;
    utc.tm_mon = mo - 1;
    utc.tm_mday = d;
    utc.tm_hour = h;
    utc.tm_min = mi;
    utc.tm_sec = sec;
    const std::time_t t = timegm(&utc);
    std::tm local{};
    localtime_r(&t, &local);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z", &local);
    return buf;
}

std::string render_where(const nlohmann::json& a) {
    std::ostringstream out;
    out << heading(a["dossier"]);
    const auto& volumes = a["volumes"];
    if (a.value("split", false)) {
        out << "  Volumes are in different places:\n";
        for (const auto& v : volumes) {
            out << "  Volume " << v.value("volume", 0) << " (tag " << (v["epc"].is_string() ? text(v, "epc") : "none")
                << ")\n";
            render_volume_location(out, v, "    ");
        }
    } else if (volumes.empty()) {
        out << "  Where:      the dossier has no volumes\n";
    } else {
        render_volume_location(out, volumes[0], "  ");
        if (volumes.size() > 1) out << "  Volumes:    " << volumes.size() << ", all together\n";
    }
    if (a["dossier"]["home"].is_object()) out << "  Home:       " << place(a["dossier"]["home"]) << "\n";
    return out.str();
}

std::string render_history(const nlohmann::json& page) {
    std::ostringstream out;
    out << heading(page["dossier"]);
    const auto& events = page["events"];
    if (events.empty()) {
        out << "  no location events\n";
        return out.str();
    }
    for (const auto& e : events) {
        const auto kind = text(e, "kind");
        out << "  " << local_time(text(e, "observed_at")) << "  ";
        char kbuf[16];
        std::snprintf(kbuf, sizeof kbuf, "%-10s", kind.c_str());
        out << kbuf;
        if (kind == "moved") {
            out << short_place(e["from"]) << " -> " << short_place(e["location"]);
        } else if (kind == "departed") {
            out << "left " << short_place(e["location"]);
        } else if (kind == "ambiguous") {
            out << "between " << short_place(e["location"]) << " and " << short_place(e["other"]);
        } else if (kind == "resolved") {
            out << "at " << short_place(e["location"]) << ", not " << short_place(e["other"]);
        } else if (kind == "passed_out") {
            out << "out through the doorway at " << short_place(e["location"]);
        } else if (kind == "passed_in") {
            out << "in through the doorway at " << short_place(e["location"]);
        } else {
            out << "at " << short_place(e["location"]);
        }
        out << "  (reader " << text(e, "reader") << ", antenna " << e.value("antenna", 0);
        if (e.value("volume", 1) != 1) out << ", volume " << e.value("volume", 1);
        out << ")\n";
    }
    if (page["next_before"].is_number()) {
        out << "  ... more: --before " << page["next_before"].get<long long>() << "\n";
    }
    return out.str();
}

std::string render_readers(const nlohmann::json& answer) {
    std::ostringstream out;
    char line[512];
    std::snprintf(line, sizeof line, "%-10s %-9s %-25s %-26s %4s %3s %7s %5s %4s %4s %4s %7s %7s  %s\n", "READER",
                  "STATE", "SINCE", "ADDRESS", "UNIT", "ANT", "POLLS", "FAIL", "TMO", "CRC", "EXC", "P50 ms", "P99 ms",
                  "REASON");
    out << line;
    for (const auto& r : answer["readers"]) {
        const auto& h = r["health"];
        auto num = [&](const char* key) { return h.is_object() ? h.value(key, 0LL) : 0LL; };
        long long exceptions = 0;
        if (h.is_object())
            for (const auto& [code, n] : h["exceptions"].items()) exceptions += n.get<long long>();
        auto ms = [&](const char* key) -> std::string {
            if (!h.is_object() || !h["latency_ms"][key].is_number()) return "-";
            char b[32];
            std::snprintf(b, sizeof b, "%.1f", h["latency_ms"][key].get<double>());
            return b;
        };
        std::snprintf(line, sizeof line, "%-10s %-9s %-25s %-26s %4d %3d %7lld %5lld %4lld %4lld %4lld %7s %7s  %s\n",
                      text(r, "code").c_str(), h.is_object() ? text(h, "state").c_str() : "unknown",
                      h.is_object() ? local_time(text(h, "since")).c_str() : "-", text(r, "address").c_str(),
                      r.value("unit_id", 0), r.value("antennas", 0), num("polls"), num("failures"), num("timeouts"),
                      num("crc_errors"), exceptions, ms("p50").c_str(), ms("p99").c_str(),
                      h.is_object() && h["reason"].is_string() ? text(h, "reason").c_str() : "");
        out << line;
    }
    return out.str();
}

}  // namespace casetrail::cli
