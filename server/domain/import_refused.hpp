// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// A commit refused because the import has problems: nothing was imported; the problems say why, by line.

#include <string>
#include <vector>

#include "server/domain/errors.hpp"
#include "server/store/import_store.hpp"

namespace casetrail::domain {

class ImportRefused : public Conflict {
public:
    explicit ImportRefused(std::vector<store::ImportProblem> problems)
        : Conflict(std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
                   " in the import; nothing was imported"),
          problems_(std::move(problems)) {}
    const std::vector<store::ImportProblem>& problems() const { return problems_; }

private:
    std::vector<store::ImportProblem> problems_;
};

}  // namespace casetrail::domain
