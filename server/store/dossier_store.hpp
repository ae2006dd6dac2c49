// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The dossier register in PostgreSQL: units, staff and roles, dossiers with their lifecycle and deadlines,
// volumes and tag bindings. Every change names its actor (a staff login) and is one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg/connection_pool.hpp"
#include "server/store/dossier_records.hpp"

namespace casetrail::store {

class DossierStore {
public:
    explicit DossierStore(pg::ConnectionPool& pool) : pool_(pool) {}

    // Units, parents before children. create_unit: StoreConflict for a taken code, StoreUnknown for an
    // unknown parent, StoreInvalid for a shape the tree does not allow (a team above a station).
    std::vector<UnitRecord> units();
    UnitRecord create_unit(const UnitRecord& unit, const std::string& actor);

    std::vector<StaffRecord> staff(const std::optional<std::string>& unit);
    StaffRecord create_staff(const StaffRecord& staff, const std::string& actor);
    StaffRecord set_roles(const std::string& login, const std::vector<std::string>& roles, const std::string& actor);

    // Returns the new dossier's id. StoreConflict for a taken case number; StoreUnknown for an unknown
    // unit, handler, home location or actor.
    std::int64_t create_dossier(const NewDossier& dossier);
    DossierDetail detail(std::int64_t dossier_id);

    // One lifecycle step, if the lifecycle allows it from the current status; StoreConflict otherwise,
    // naming the steps that are allowed.
    TransitionRecord transition(std::int64_t dossier_id, const std::string& to, const std::string& actor,
                                const std::optional<std::string>& note);
    std::vector<TransitionRecord> transitions(std::int64_t dossier_id);

    DeadlineRecord add_deadline(std::int64_t dossier_id, const NewDeadline& deadline, const std::string& actor);
    DeadlineRecord meet_deadline(std::int64_t dossier_id, std::int64_t deadline_id, const std::string& actor);

    int add_volume(std::int64_t dossier_id, const std::string& actor);  // its number
    // Binds `epc` (canonical hex) to the volume, closing the volume's previous binding (re-tagging).
    // StoreConflict when the EPC is on another volume now; binding the same EPC again changes nothing.
    BindingRecord bind_tag(std::int64_t dossier_id, int volume_no, const std::string& epc, const std::string& actor);
    BindingRecord unbind_tag(std::int64_t dossier_id, int volume_no, const std::string& actor);
    std::vector<BindingRecord> bindings(std::int64_t dossier_id);  // every binding, oldest first

    // Dossiers matching every given criterion, by case number, one page.
    DossierPage search(const DossierQuery& query);

private:
    pg::ConnectionPool& pool_;
};

}  // namespace casetrail::store
