// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/import_service.hpp"

#include "common/utf8.hpp"
#include "server/domain/dossier_ident.hpp"
#include "server/domain/errors.hpp"
#include "server/domain/import_refused.hpp"
#include "server/domain/input_checks.hpp"

namespace casetrail::domain {

store::ImportSummary ImportService::start(const std::string& actor, const std::optional<std::string>& source) {
    check_login("by", actor);
    if (source) check_text("source", *source, 500);
    return store_.start(actor, source);
}

store::ImportSummary ImportService::summary(std::int64_t id) {
    auto s = store_.summary(id);
    if (!s) throw NotFound("no import has the id " + std::to_string(id));
    return *s;
}

int ImportService::stage(std::int64_t id, std::vector<store::ImportRow> rows) {
    if (rows.size() > kMaxRowsPerChunk)
        throw InvalidArgument("rows: at most " + std::to_string(kMaxRowsPerChunk) + " in one request");
    for (auto& r : rows) {
        if (r.line < 1) throw InvalidArgument("rows: line numbers start at 1");
        // Text must be UTF-8 whatever the source file was; everything else the check reports by line.
        for (const auto* f : {&r.case_number, &r.title, &r.case_type, &r.unit, &r.handler, &r.home, &r.epc}) {
            if (*f && (!common::is_valid_utf8(**f) || (*f)->size() > 4000)) {
                throw InvalidArgument("rows: line " + std::to_string(r.line) +
                                      " has a field that is not UTF-8 or too long");
            }
        }
        // The case-number alphabet of registering (a blank one the check reports as missing).
        if (r.case_number && r.case_number->find_first_not_of(' ') != std::string::npos) {
            r.case_number_problem = new_case_number_problem(*r.case_number);
        }
    }
    return store_.stage(id, rows);
}

std::vector<store::ImportProblem> ImportService::check(std::int64_t id) {
    summary(id);
    return store_.check(id);
}

store::ImportSummary ImportService::commit(std::int64_t id, const std::string& committer) {
    summary(id);
    auto outcome = store_.commit(id, committer);
    if (!outcome.problems.empty()) throw ImportRefused(std::move(outcome.problems));
    return outcome.summary;
}

}  // namespace casetrail::domain
