// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/commands.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "common/time_format.hpp"
#include "tools/cli/alert_render.hpp"
#include "tools/cli/csv_import.hpp"
#include "tools/cli/dossier_render.hpp"
#include "tools/cli/http_client.hpp"
#include "tools/cli/notice_watch.hpp"
#include "tools/cli/progress_bar.hpp"
#include "tools/cli/render.hpp"

namespace casetrail::cli {

namespace {

using nlohmann::json;
using Args = std::vector<std::string>;
using common::CommandLine;

std::string need(const CommandLine& cl, const std::string& option, const std::string& what) {
    auto v = cl.option(option);
    if (!v) throw std::invalid_argument("give " + option + " " + what);
    return *v;
}

// Who acts is the token's holder; --by (or $CASETRAIL_USER), when given, must name the same person (the
// server refuses otherwise). Null: not sent.
json actor(const CommandLine& cl) {
    if (auto by = cl.option("--by")) return *by;
    if (const char* env = std::getenv("CASETRAIL_USER"); env && *env) return env;
    return nullptr;
}

long number(const std::string& option, const std::string& text) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end) throw std::invalid_argument(option + " \"" + text + "\" is not a number");
    return v;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(sep, start), text.size());
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string dossier(const std::string& ident) { return "/api/v1/dossiers/" + encode_path_segment(ident); }

json with_optional(json body, const CommandLine& cl, const std::string& option, const std::string& key) {
    if (auto v = cl.option(option)) body[key] = *v;
    return body;
}

std::function<std::string(const json&)> say(std::string text) {
    return [text = std::move(text)](const json&) { return text + "\n"; };
}

Call get(std::string target, std::function<std::string(const json&)> render) {
    return {"GET", std::move(target), nullptr, std::move(render)};
}

// A handheld's export: one scan a line, "EPC,LOCATION[,TIME]"; blank lines and '#' comments skipped.
json read_scans(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument("cannot read " + path);
    json scans = json::array();
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto f = split(line, ',');
        if (f.size() < 2 || f.size() > 3)
            throw std::invalid_argument(path + ":" + std::to_string(n) + ": want EPC,LOCATION[,TIME]");
        scans.push_back({{"epc", f[0]},
                         {"location", f[1]},
                         {"at", f.size() == 3 ? f[2] : common::format_utc(std::chrono::system_clock::now())}});
    }
    return scans;
}

std::string problem_line(int line, const std::string& field, const std::string& message) {
    return "line " + std::to_string(line) + ": " + (field.empty() ? "" : field + ": ") + message + "\n";
}

// Reads the file, stages its rows with the server in chunks (a progress bar on a terminal), then asks for
// the problems (dry run) or commits all or nothing.
int run_import(const Args& a, const CommandLine& cl, const ServerUrl& server) {
    const auto by = actor(cl);
    const bool dry_run = cl.flag("--dry-run");
    const auto file = read_import_file(a[0], cl.option("--encoding").value_or("auto"));
    std::vector<std::string> problems;
    for (const auto& p : file.problems) problems.push_back(problem_line(p.line, p.field, p.message));
    if (!problems.empty() && !dry_run) {
        for (const auto& p : problems) std::cout << p;
        std::cout << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " in " << a[0]
                  << "; nothing was imported\n";
        return 2;
    }
    // Checking and committing a whole file take the server much longer than a chunk of rows.
    constexpr int kWholeFileTimeoutS = 300;
    auto call = [&](const std::string& method, const std::string& target, json body, int timeout_s = 10) {
        if (body.is_object() && body.contains("by") && body["by"].is_null()) body.erase("by");
        const auto r =
            http_request(server, method, target,
                         body.is_null() ? "" : body.dump(-1, ' ', false, json::error_handler_t::strict), timeout_s);
        return std::make_pair(r.status, json::parse(r.body, nullptr, false));
    };
    auto fail = [](unsigned status, const json& body) {
        const auto message = body.is_object() && body.contains("error") ? body["error"].value("message", "") : "";
        std::cerr << "casetrail: " << (message.empty() ? "the server answered " + std::to_string(status) : message)
                  << "\n";
        return status == 409 ? 4 : status >= 500 ? 3 : status == 401 || status == 403 ? 6 : 2;
    };
    auto [st, started] = call("POST", "/api/v1/imports", {{"by", by}, {"source", a[0]}});
    if (st != 201) return fail(st, started);
    const auto base = "/api/v1/imports/" + std::to_string(started["id"].get<long long>());
    {
        ProgressBar bar(dry_run ? "checking " : "importing", file.rows.size());
        constexpr std::size_t kChunkBytes = 48 * 1024;
        std::size_t sent = 0;
        while (sent < file.rows.size()) {
            json chunk = json::array();
            std::size_t bytes = 0;
            while (sent < file.rows.size() && bytes < kChunkBytes && chunk.size() < 5000) {
                bytes += file.rows[sent].dump().size();
                chunk.push_back(file.rows[sent++]);
            }
            auto [s, r] = call("POST", base + "/rows", {{"rows", chunk}});
            if (s != 200) return fail(s, r);
            bar.update(sent);
        }
    }
    if (dry_run) {
        auto [s, r] = call("GET", base + "/problems", nullptr, kWholeFileTimeoutS);
        if (s != 200) return fail(s, r);
        for (const auto& p : r["problems"]) problems.push_back(problem_line(p["line"], p["field"], p["message"]));
        std::sort(problems.begin(), problems.end(), [](const std::string& x, const std::string& y) {
            return std::stoi(x.substr(5)) < std::stoi(y.substr(5));
        });
        for (const auto& p : problems) std::cout << p;
        std::cout << (problems.empty()
                          ? "no problems"
                          : std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems"))
                  << " in " << file.data_lines << " lines (" << file.encoding << "); dry run: nothing was imported\n";
        return problems.empty() ? 0 : 2;
    }
    auto [s, r] = call("POST", base + "/commit", nullptr, kWholeFileTimeoutS);
    if (s == 409 && r["error"].contains("problems")) {
        for (const auto& p : r["error"]["problems"]) std::cout << problem_line(p["line"], p["field"], p["message"]);
        std::cout << r["error"]["message"].get<std::string>() << "\n";
        return 2;
    }
    if (s != 200) return fail(s, r);
    std::cout << "imported " << file.data_lines << " lines (" << file.encoding
              << "): " << r.value("dossiers_created", 0) << " new dossiers, " << r.value("volumes_created", 0)
              << " new volumes, " << r.value("tags_bound", 0) << " tags bound\n";
    return 0;
}

// The command table: one entry per command (words, arguments, usage, what it does). Long as a table is,
// not as logic is: each entry stands alone.
std::vector<Command> make_commands() {
    std::vector<Command> c;
    c.push_back({{"where"}, 1, "where ID", [](const Args& a, const CommandLine&) {
                     return get(dossier(a[0]) + "/location", render_where);
                 }});
    c.push_back({{"history"}, 1, "history ID [--limit N] [--before EVENT]", [](const Args& a, const CommandLine& cl) {
                     std::string q;
                     if (auto l = cl.option("--limit")) q += "limit=" + encode_path_segment(*l);
                     if (auto b = cl.option("--before"))
                         q += (q.empty() ? "" : "&") + std::string("before=") + encode_path_segment(*b);
                     return get(dossier(a[0]) + "/history" + (q.empty() ? "" : "?" + q), render_history);
                 }});
    c.push_back({{"readers"}, 0, "readers", [](const Args&, const CommandLine&) {
                     return get("/api/v1/readers", render_readers);
                 }});

    c.push_back(
        {{"units"}, 0, "units", [](const Args&, const CommandLine&) { return get("/api/v1/units", render_units); }});
    c.push_back({{"unit", "add"},
                 1,
                 "unit add CODE --name NAME --kind bureau|station|team [--parent CODE]",
                 [](const Args& a, const CommandLine& cl) {
                     json b = {{"code", a[0]},
                               {"name", need(cl, "--name", "NAME")},
                               {"kind", need(cl, "--kind", "bureau|station|team")}};
                     return Call{"POST", "/api/v1/units", with_optional(b, cl, "--parent", "parent"),
                                 say("unit " + a[0] + " added")};
                 }});
    c.push_back({{"staff"}, 0, "staff [--unit CODE]", [](const Args&, const CommandLine& cl) {
                     auto unit = cl.option("--unit");
                     return get("/api/v1/staff" + (unit ? "?unit=" + encode_path_segment(*unit) : std::string()),
                                render_staff);
                 }});
    c.push_back({{"staff", "add"},
                 1,
                 "staff add LOGIN --name NAME --unit CODE [--roles ROLE,ROLE]",
                 [](const Args& a, const CommandLine& cl) {
                     json b = {{"login", a[0]},
                               {"name", need(cl, "--name", "NAME")},
                               {"unit", need(cl, "--unit", "CODE")},
                               {"roles", split(cl.option("--roles").value_or(""), ',')}};
                     return Call{"POST", "/api/v1/staff", b, say("staff member " + a[0] + " added")};
                 }});
    c.push_back(
        {{"staff", "roles"}, 1, "staff roles LOGIN --roles ROLE,ROLE", [](const Args& a, const CommandLine& cl) {
             json b = {{"roles", split(need(cl, "--roles", "ROLE,ROLE"), ',')}};
             return Call{"PUT", "/api/v1/staff/" + encode_path_segment(a[0]) + "/roles", b,
                         say("roles of " + a[0] + " set")};
         }});

    c.push_back({{"register"},
                 1,
                 "register CASE_NUMBER --title TITLE --unit CODE [--handler LOGIN] [--home LOCATION] [--type TYPE]\n"
                 "                 [--volumes N] [--deadline KIND=TIME,...] [--by LOGIN]",
                 [](const Args& a, const CommandLine& cl) {
                     json b = {{"case_number", a[0]},
                               {"title", need(cl, "--title", "TITLE")},
                               {"unit", need(cl, "--unit", "CODE")},
                               {"by", actor(cl)}};
                     b = with_optional(b, cl, "--handler", "handler");
                     b = with_optional(b, cl, "--home", "home");
                     b = with_optional(b, cl, "--type", "case_type");
                     if (auto v = cl.option("--volumes")) b["volumes"] = number("--volumes", *v);
                     if (auto d = cl.option("--deadline")) {
                         b["deadlines"] = json::array();
                         for (const auto& item : split(*d, ',')) {
                             const auto eq = item.find('=');
                             if (eq == std::string::npos)
                                 throw std::invalid_argument("--deadline wants KIND=TIME, not \"" + item + "\"");
                             b["deadlines"].push_back({{"kind", item.substr(0, eq)}, {"due", item.substr(eq + 1)}});
                         }
                     }
                     return Call{"POST", "/api/v1/dossiers", b, render_dossier};
                 }});
    c.push_back({{"search"},
                 0,
                 "search [--title WORDS] [--case PART] [--handler LOGIN] [--unit CODE] [--status S] [--at LOCATION]\n"
                 "                 [--limit N] [--after CURSOR]",
                 [](const Args&, const CommandLine& cl) {
                     std::string q;
                     const std::vector<std::pair<const char*, const char*>> params = {
                         {"--title", "q"},     {"--case", "case_number"}, {"--handler", "handler"},
                         {"--unit", "unit"},   {"--status", "status"},    {"--at", "location"},
                         {"--limit", "limit"}, {"--after", "after"}};
                     for (const auto& [option, key] : params) {
                         if (auto v = cl.option(option))
                             q += (q.empty() ? "?" : "&") + std::string(key) + "=" + encode_path_segment(*v);
                     }
                     return get("/api/v1/dossiers" + q, render_search);
                 }});
    c.push_back({{"dossier"}, 1, "dossier ID", [](const Args& a, const CommandLine&) {
                     return get(dossier(a[0]), render_dossier);
                 }});
    c.push_back({{"transition"},
                 2,
                 "transition ID STATUS [--by LOGIN] [--note TEXT]",
                 [](const Args& a, const CommandLine& cl) {
                     json b = with_optional({{"to", a[1]}, {"by", actor(cl)}}, cl, "--note", "note");
                     return Call{"POST", dossier(a[0]) + "/transitions", b, [](const json& t) {
                                     return "now " + t["to"].get<std::string>() + " (was " +
                                            t["from"].get<std::string>() + ")\n";
                                 }};
                 }});
    c.push_back({{"transitions"}, 1, "transitions ID", [](const Args& a, const CommandLine&) {
                     return get(dossier(a[0]) + "/transitions", render_transitions);
                 }});
    c.push_back({{"deadline", "add"},
                 3,
                 "deadline add ID KIND TIME [--by LOGIN] [--note TEXT]",
                 [](const Args& a, const CommandLine& cl) {
                     json b = with_optional({{"kind", a[1]}, {"due", a[2]}, {"by", actor(cl)}}, cl, "--note", "note");
                     return Call{"POST", dossier(a[0]) + "/deadlines", b, [](const json& d) {
                                     return "deadline #" + std::to_string(d.value("id", 0)) + " added\n";
                                 }};
                 }});
    c.push_back(
        {{"deadline", "met"}, 2, "deadline met ID DEADLINE [--by LOGIN]", [](const Args& a, const CommandLine& cl) {
             return Call{"POST",
                         dossier(a[0]) + "/deadlines/" + encode_path_segment(a[1]) + "/met",
                         {{"by", actor(cl)}},
                         say("deadline " + a[1] + " met")};
         }});
    c.push_back({{"volume", "add"}, 1, "volume add ID [--by LOGIN]", [](const Args& a, const CommandLine& cl) {
                     return Call{"POST", dossier(a[0]) + "/volumes", {{"by", actor(cl)}}, [](const json& r) {
                                     return "volume " + std::to_string(r.value("volume", 0)) + " added\n";
                                 }};
                 }});
    c.push_back({{"tag"}, 3, "tag ID VOLUME EPC [--by LOGIN]", [](const Args& a, const CommandLine& cl) {
                     return Call{"POST",
                                 dossier(a[0]) + "/volumes/" + encode_path_segment(a[1]) + "/tag",
                                 {{"epc", a[2]}, {"by", actor(cl)}},
                                 say("tag bound to volume " + a[1])};
                 }});
    c.push_back({{"untag"}, 2, "untag ID VOLUME [--by LOGIN]", [](const Args& a, const CommandLine& cl) {
                     return Call{"POST",
                                 dossier(a[0]) + "/volumes/" + encode_path_segment(a[1]) + "/untag",
                                 {{"by", actor(cl)}},
                                 say("tag unbound from volume " + a[1])};
                 }});
    c.push_back({{"tags"}, 1, "tags ID", [](const Args& a, const CommandLine&) {
                     return get(dossier(a[0]) + "/tags", render_bindings);
                 }});

    c.push_back({{"checkout"},
                 1,
                 "checkout ID --to LOGIN --purpose TEXT --due TIME [--by LOGIN]",
                 [](const Args& a, const CommandLine& cl) {
                     json b = {{"to", need(cl, "--to", "LOGIN")},
                               {"purpose", need(cl, "--purpose", "TEXT")},
                               {"due_back", need(cl, "--due", "TIME (RFC 3339)")},
                               {"by", actor(cl)}};
                     return Call{"POST", dossier(a[0]) + "/checkout", b, render_period};
                 }});
    c.push_back({{"checkin"}, 1, "checkin ID [--by LOGIN]", [](const Args& a, const CommandLine& cl) {
                     return Call{"POST", dossier(a[0]) + "/checkin", {{"by", actor(cl)}}, render_period};
                 }});
    c.push_back(
        {{"handover"},
         1,
         "handover ID --to LOGIN [--within MINUTES] [--note TEXT] [--by LOGIN]",
         [](const Args& a, const CommandLine& cl) {
             json b = with_optional({{"to", need(cl, "--to", "LOGIN")}, {"by", actor(cl)}}, cl, "--note", "note");
             if (auto w = cl.option("--within")) b["confirm_within_minutes"] = number("--within", *w);
             return Call{"POST", dossier(a[0]) + "/handovers", b, render_handover};
         }});
    c.push_back({{"handover", "confirm"},
                 1,
                 "handover confirm HANDOVER [--by LOGIN]",
                 [](const Args& a, const CommandLine& cl) {
                     return Call{"POST",
                                 "/api/v1/handovers/" + encode_path_segment(a[0]) + "/confirm",
                                 {{"by", actor(cl)}},
                                 render_handover};
                 }});
    c.push_back(
        {{"handover", "cancel"}, 1, "handover cancel HANDOVER [--by LOGIN]", [](const Args& a, const CommandLine& cl) {
             return Call{"POST",
                         "/api/v1/handovers/" + encode_path_segment(a[0]) + "/cancel",
                         {{"by", actor(cl)}},
                         render_handover};
         }});
    c.push_back({{"custody"}, 1, "custody ID", [](const Args& a, const CommandLine&) {
                     return get(dossier(a[0]) + "/custody", render_custody);
                 }});

    c.push_back({{"stocktake", "start"},
                 1,
                 "stocktake start SCOPE [--by LOGIN] [--note TEXT]",
                 [](const Args& a, const CommandLine& cl) {
                     json b = with_optional({{"scope", a[0]}, {"by", actor(cl)}}, cl, "--note", "note");
                     return Call{"POST", "/api/v1/stocktakes", b, [](const json& s) {
                                     return "stock-taking " + std::to_string(s.value("id", 0)) + " started over " +
                                            s["scope"].get<std::string>() + ": " +
                                            std::to_string(s.value("expected", 0)) + " volumes expected\n";
                                 }};
                 }});
    c.push_back({{"stocktake", "participant"},
                 2,
                 "stocktake participant STOCKTAKE LOGIN [--by LOGIN]   (LOGIN may then upload scans to it)",
                 [](const Args& a, const CommandLine& cl) {
                     return Call{"POST", "/api/v1/stocktakes/" + encode_path_segment(a[0]) + "/participants",
                                 json{{"login", a[1]}, {"by", actor(cl)}}, [](const json& r) {
                                     return r.value("login", std::string("?")) + (r.value("already_participant", false)
                                                                                      ? " takes part already\n"
                                                                                      : " takes part now\n");
                                 }};
                 }});
    c.push_back({{"stocktake", "upload"},
                 2,
                 "stocktake upload STOCKTAKE FILE --batch ID [--by LOGIN]   (FILE: EPC,LOCATION[,TIME] lines)",
                 [](const Args& a, const CommandLine& cl) {
                     json b = {{"batch_id", need(cl, "--batch", "ID")}, {"by", actor(cl)}, {"scans", read_scans(a[1])}};
                     return Call{"POST", "/api/v1/stocktakes/" + encode_path_segment(a[0]) + "/scans", b,
                                 [](const json& r) {
                                     return std::string(r.value("already_uploaded", false) ? "already uploaded: "
                                                                                           : "uploaded: ") +
                                            std::to_string(r.value("scans", 0)) + " scans\n";
                                 }};
                 }});
    c.push_back({{"stocktake", "finish"},
                 1,
                 "stocktake finish STOCKTAKE [--by LOGIN]",
                 [](const Args& a, const CommandLine& cl) {
                     return Call{"POST",
                                 "/api/v1/stocktakes/" + encode_path_segment(a[0]) + "/finish",
                                 {{"by", actor(cl)}},
                                 render_stocktake};
                 }});
    c.push_back({{"stocktake"}, 1, "stocktake STOCKTAKE [--csv]", [](const Args& a, const CommandLine& cl) {
                     const auto target = "/api/v1/stocktakes/" + encode_path_segment(a[0]);
                     if (cl.flag("--csv")) return Call{"GET", target + "?format=csv", nullptr, nullptr};
                     return get(target, render_stocktake);
                 }});
    c.push_back(
        {{"import"}, 1, "import FILE [--dry-run] [--encoding auto|utf-8|gb18030] [--by LOGIN]", nullptr, run_import});

    c.push_back(
        {{"alerts"},
         0,
         "alerts [--user LOGIN] [--state open|acknowledged|resolved|active] [--rule RULE] [--case NUMBER] [--limit N] [--before ID]",
         [](const Args&, const CommandLine& cl) {
             std::string query;
             for (const auto& [option, key] :
                  std::vector<std::pair<std::string, std::string>>{{"--user", "user"},
                                                                   {"--state", "state"},
                                                                   {"--rule", "rule"},
                                                                   {"--case", "case_number"},
                                                                   {"--limit", "limit"},
                                                                   {"--before", "before"}}) {
                 if (auto v = cl.option(option))
                     query += (query.empty() ? "?" : "&") + key + "=" + encode_path_segment(*v);
             }
             return get("/api/v1/alerts" + query, render_alerts);
         }});
    c.push_back(
        {{"alert"}, 1, "alert ALERT   (with who was told and every delivery)", [](const Args& a, const CommandLine&) {
             return get("/api/v1/alerts/" + encode_path_segment(a[0]), render_alert);
         }});
    c.push_back({{"alert", "ack"}, 1, "alert ack ALERT [--by LOGIN]", [](const Args& a, const CommandLine& cl) {
                     return Call{"POST",
                                 "/api/v1/alerts/" + encode_path_segment(a[0]) + "/acknowledge",
                                 {{"by", actor(cl)}},
                                 say("alert " + a[0] + " acknowledged")};
                 }});
    c.push_back({{"alert", "resolve"},
                 1,
                 "alert resolve ALERT --note TEXT [--by LOGIN]",
                 [](const Args& a, const CommandLine& cl) {
                     return Call{"POST",
                                 "/api/v1/alerts/" + encode_path_segment(a[0]) + "/resolve",
                                 {{"by", actor(cl)}, {"note", need(cl, "--note", "TEXT: why it is resolved")}},
                                 say("alert " + a[0] + " resolved")};
                 }});
    c.push_back({{"audit", "verify"},
                 0,
                 "audit verify [--head HASH]   (exit 5 when the trail was tampered with; HASH: a head printed before)",
                 nullptr,
                 [](const Args&, const CommandLine& cl, const ServerUrl& server) {
                     std::string target = "/api/v1/audit/verify";
                     if (auto h = cl.option("--head")) target += "?head=" + encode_path_segment(*h);
                     const auto r = http_get(server, target, 300);
                     const auto body = json::parse(r.body, nullptr, false);
                     if (r.status != 200 || !body.is_object()) {
                         const auto message =
                             body.is_object() && body.contains("error") ? body["error"].value("message", "") : r.body;
                         std::cerr << "casetrail: " << message << "\n";
                         return r.status >= 500 ? 3 : 2;
                     }
                     if (cl.flag("--json")) {
                         std::cout << body.dump(2) << "\n";
                     } else if (body.value("intact", false)) {
                         std::cout << "audit trail intact: " << body.value("rows", 0) << " rows, head "
                                   << body.value("head", "") << "\n";
                     } else {
                         std::cout << "audit trail broken at row " << body["first_bad"].get<long long>() << " ("
                                   << body.value("problem", "") << "): " << body.value("message", "") << "\n";
                     }
                     return body.value("intact", false) ? 0 : 5;
                 }});
    c.push_back({{"login"},
                 1,
                 "login LOGIN   (reads the password from standard input; prints a token for $CASETRAIL_TOKEN)",
                 nullptr,
                 [](const Args& a, const CommandLine&, const ServerUrl& server) {
                     std::string password;
                     if (!std::getline(std::cin, password))
                         throw std::invalid_argument("no password on standard input");
                     if (!password.empty() && password.back() == '\r') password.pop_back();
                     const auto r = http_request(server, "POST", "/api/v1/login",
                                                 json{{"login", a[0]}, {"password", password}}.dump());
                     const auto body = json::parse(r.body, nullptr, false);
                     if (r.status != 200 || !body.is_object()) {
                         const auto message =
                             body.is_object() && body.contains("error") ? body["error"].value("message", "") : r.body;
                         std::cerr << "casetrail: " << message << "\n";
                         return r.status == 401 || r.status == 429 ? 6 : r.status >= 500 ? 3 : 2;
                     }
                     std::cout << body.value("token", "") << "\n";
                     std::cerr << "logged in as " << a[0] << " until " << body.value("expires_at", "") << "\n";
                     return 0;
                 }});
    c.push_back({{"watch"},
                 1,
                 "watch LOGIN [--after NOTICE] [--count N]   (follows LOGIN's alerts live; Ctrl-C ends)",
                 nullptr,
                 [](const Args& a, const CommandLine& cl, const ServerUrl& server) {
                     const std::int64_t after = cl.option("--after") ? number("--after", *cl.option("--after")) : 0;
                     std::optional<long> count;
                     if (auto n = cl.option("--count")) count = number("--count", *n);
                     return watch_notices(server, a[0], after, count);
                 }});
    return c;
}

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> all = make_commands();
    return all;
}

const std::set<std::string>& options_with_values() {
    static const std::set<std::string> all = {
        "--url",      "--limit",  "--before", "--by",         "--name",     "--kind",   "--parent",
        "--unit",     "--roles",  "--title",  "--type",       "--handler",  "--home",   "--volumes",
        "--deadline", "--note",   "--to",     "--purpose",    "--due",      "--within", "--batch",
        "--case",     "--status", "--at",     "--after",      "--encoding", "--user",   "--state",
        "--rule",     "--count",  "--head",   "--token-file", "--ca-file",  "--timeout"};
    return all;
}

}  // namespace casetrail::cli
