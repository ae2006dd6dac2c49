// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "tools/cli/csv_import.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>

#include "common/utf8.hpp"

namespace casetrail::cli {

namespace {

const std::set<std::string> kRequired = {"case_number", "title", "unit"};
const std::set<std::string> kKnown = {"case_number", "title", "case_type", "unit", "handler", "home", "volume", "epc"};

// GB18030 to UTF-8 with glibc's iconv; nullopt when the bytes are not GB18030.
class Gb18030 {
public:
    Gb18030() : cd_(iconv_open("UTF-8", "GB18030")) {
        // NOLINTNEXTLINE(performance-no-int-to-ptr): (iconv_t)-1 is iconv_open's documented failure value
        if (cd_ == reinterpret_cast<iconv_t>(-1))
            throw std::invalid_argument("this system cannot convert GB18030 (iconv)");
    }
    ~Gb18030() { iconv_close(cd_); }
    Gb18030(const Gb18030&) = delete;
    Gb18030& operator=(const Gb18030&) = delete;

    std::optional<std::string> to_utf8(const std::string& in) {
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        std::string out(in.size() * 4 + 4, '\0');
        char* src = const_cast<char*>(in.data());
        std::size_t src_left = in.size();
        char* dst = out.data();
        std::size_t dst_left = out.size();
        if (iconv(cd_, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1)) return std::nullopt;
        out.resize(out.size() - dst_left);
        return out;
    }

private:
    iconv_t cd_;
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::optional<std::vector<std::string>> split_csv_line(const std::string& line) {
    std::vector<std::string> fields;
    std::string cur;
    bool quoted = false, was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == '"' && trimmed(cur).empty()) {
            quoted = was_quoted = true;
            cur.clear();
        } else if (c == ',') {
            fields.push_back(was_quoted ? cur : trimmed(cur));
            cur.clear();
            was_quoted = false;
        } else {
            cur += c;
        }
    }
    if (quoted) return std::nullopt;
    fields.push_back(was_quoted ? cur : trimmed(cur));
    return fields;
}

ImportFile read_import_file(const std::string& path, const std::string& encoding) {
    if (encoding != "auto" && encoding != "utf-8" && encoding != "gb18030") {
        throw std::invalid_argument("--encoding is auto, utf-8 or gb18030, not \"" + encoding + "\"");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument("cannot read " + path);
    return read_import_bytes(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()),
                             encoding);
}

ImportFile read_import_bytes(std::string bytes, const std::string& encoding) {
    if (encoding != "auto" && encoding != "utf-8" && encoding != "gb18030") {
        throw std::invalid_argument("--encoding is auto, utf-8 or gb18030, not \"" + encoding + "\"");
    }
    if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);  // a UTF-8 BOM, as spreadsheets write it

    ImportFile f;
    f.encoding = encoding == "auto" ? (common::is_valid_utf8(bytes) ? "utf-8" : "gb18030") : encoding;
    std::optional<Gb18030> gb;
    if (f.encoding == "gb18030") gb.emplace();
    const auto lines = lines_of(bytes);
    if (lines.empty()) {
        f.problems.push_back({1, "", "the file is empty: it needs a header line"});
        return f;
    }
    auto decode = [&](const std::string& raw, int n) -> std::optional<std::string> {
        if (f.encoding == "utf-8") {
            if (common::is_valid_utf8(raw)) return raw;
            f.problems.push_back({n, "", "is not valid UTF-8 (if the file is GB18030, say --encoding gb18030)"});
            return std::nullopt;
        }
        auto text = gb->to_utf8(raw);
        if (!text) f.problems.push_back({n, "", "is not valid GB18030"});
        return text;
    };
    // The header.
    std::vector<std::string> columns;
    if (auto header = decode(lines[0], 1)) {
        auto cells = split_csv_line(*header);
        if (!cells) {
            f.problems.push_back({1, "", "has an unterminated quote"});
        } else {
            columns = *cells;
            std::set<std::string> seen;
            for (const auto& c : columns) {
                if (!kKnown.count(c))
                    f.problems.push_back(
                        {1, c,
                         "is not a known column (case_number, title, case_type, unit, handler, home, volume, epc)"});
                if (!seen.insert(c).second) f.problems.push_back({1, c, "is given twice"});
            }
            for (const auto& r : kRequired) {
                if (!seen.count(r)) f.problems.push_back({1, r, "the required column is missing"});
            }
        }
    }
    if (!f.problems.empty()) return f;  // without a good header no line can be read
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const int n = static_cast<int>(i) + 1;
        if (trimmed(lines[i]).empty()) continue;
        ++f.data_lines;
        auto text = decode(lines[i], n);
        if (!text) continue;
        auto cells = split_csv_line(*text);
        if (!cells) {
            f.problems.push_back({n, "", "has an unterminated quote"});
            continue;
        }
        if (cells->size() != columns.size()) {
            f.problems.push_back(
                {n, "",
                 "has " + std::to_string(cells->size()) + " fields; the header has " + std::to_string(columns.size())});
            continue;
        }
        // A line with a problem here still goes to the server, so that a dry run names all its problems.
        nlohmann::json row = {{"line", n}};
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto& v = (*cells)[c];
            if (v.empty()) continue;
            if (columns[c] == "volume") {
                char* end = nullptr;
                const long vol = std::strtol(v.c_str(), &end, 10);
                if (*end || v.size() > 6) {
                    f.problems.push_back({n, "volume", "\"" + v + "\" is not a number"});
                    continue;
                }
                row["volume"] = vol;
            } else {
                row[columns[c]] = v;
            }
        }
        f.rows.push_back(std::move(row));
    }
    return f;
}

}  // namespace casetrail::cli
