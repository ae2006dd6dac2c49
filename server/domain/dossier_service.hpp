// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// The dossier register as archive clerks and supervisors use it: the unit tree and staff, registering
// dossiers, their lifecycle and deadlines, volumes and tags. Checks every input, resolves the dossier a
// case number or EPC names, and leaves the invariants the schema holds to the store. Knows nothing of HTTP.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/domain/location_service.hpp"
#include "server/store/custody_store.hpp"
#include "server/store/dossier_store.hpp"

namespace casetrail::domain {

// Everything about one dossier: the register's record, where each volume is, and who holds it.
struct DossierView {
    store::DossierDetail detail;
    WhereAnswer where;
    store::CustodyState custody;
};

class DossierService {
public:
    DossierService(store::DossierStore& store, LocationService& locations, store::CustodyStore& custody)
        : store_(store), locations_(locations), custody_(custody) {}

    std::vector<store::UnitRecord> units() { return store_.units(); }
    store::UnitRecord create_unit(const store::UnitRecord& unit, const std::string& actor);
    std::vector<store::StaffRecord> staff(const std::optional<std::string>& unit);
    store::StaffRecord create_staff(const store::StaffRecord& staff, const std::string& actor);
    store::StaffRecord set_roles(const std::string& login, const std::vector<std::string>& roles,
                                 const std::string& actor);

    DossierView register_dossier(const store::NewDossier& dossier);
    DossierView view(std::string_view ident);
    store::TransitionRecord transition(std::string_view ident, const std::string& to, const std::string& actor,
                                       const std::optional<std::string>& note);
    std::vector<store::TransitionRecord> transitions(std::string_view ident);
    store::DeadlineRecord add_deadline(std::string_view ident, const store::NewDeadline& deadline,
                                       const std::string& actor);
    store::DeadlineRecord meet_deadline(std::string_view ident, std::int64_t deadline_id, const std::string& actor);
    int add_volume(std::string_view ident, const std::string& actor);
    store::BindingRecord bind_tag(std::string_view ident, int volume_no, const std::string& epc,
                                  const std::string& actor);
    store::BindingRecord unbind_tag(std::string_view ident, int volume_no, const std::string& actor);
    std::vector<store::BindingRecord> bindings(std::string_view ident);
    store::DossierPage search(store::DossierQuery query);

private:
    std::int64_t id_of(std::string_view ident) { return locations_.find(ident).first.id; }

    store::DossierStore& store_;
    LocationService& locations_;
    store::CustodyStore& custody_;
};

}  // namespace casetrail::domain
