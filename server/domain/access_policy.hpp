// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// Who may see what. A dossier outside one's scope is answered exactly like a dossier that does not exist,
// so that a request cannot tell the two apart: an admin sees every unit; a supervisor, legal officer or
// clerk their unit and the units below it; a case handler their own unit and the dossiers they hold.
// Handovers follow their dossier; an alert is seen by those it was sent to (and admins, and supervisors
// of its unit); a person's notices by that person (and admins), their live stream only by themself.
// Beyond seeing: a check-in is the holder's, or a clerk's of the dossier's unit, or an admin's; finishing
// a stock-taking, and adding someone to it, is its starter's, or a supervisor's or an admin's; uploading
// scans to it is for those who take part (and supervisors and admins).

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "server/domain/custody_service.hpp"
#include "server/domain/import_service.hpp"
#include "server/domain/location_service.hpp"
#include "server/domain/principal.hpp"
#include "server/store/alert_store.hpp"
#include "server/store/auth_store.hpp"

namespace casetrail::domain {

class AccessPolicy {
public:
    AccessPolicy(LocationService& locations, CustodyService& custody, store::AlertStore& alerts, store::AuthStore& auth,
                 ImportService& imports)
        : locations_(locations), custody_(custody), alerts_(alerts), auth_(auth), imports_(imports) {}

    // Each throws what the request would get for something that does not exist (NotFound; InvalidArgument
    // for a malformed name) when `who` may not see it.
    void check_dossier(const Principal& who, std::string_view ident);
    void check_handover(const Principal& who, std::int64_t handover_id);
    void check_alert(const Principal& who, std::int64_t alert_id);
    void check_notice_stream(const Principal& who, const std::string& login);
    // An import is its starter's (and admins').
    void check_import(const Principal& who, std::int64_t import_id);

    // Whether `who` may check in a dossier that someone else holds (the holder always may): an admin, or
    // a clerk whose units include the dossier's (the archive's desk). A colleague who sees the dossier,
    // a supervisor or a legal officer may not: the chain of holders says who handed it back.
    bool may_check_in_for_others(const Principal& who, std::string_view ident);
    // Whether `who` oversees every stock-taking: finishes one someone else started, adds anyone to it,
    // and uploads scans to it without taking part. A supervisor or an admin.
    static bool oversees_stocktakes(const Principal& who);

    // Of these case numbers, those `who` may see (all for an admin).
    std::set<std::string> visible_case_numbers(const Principal& who, const std::vector<std::string>& case_numbers);

private:
    LocationService& locations_;
    CustodyService& custody_;
    store::AlertStore& alerts_;
    store::AuthStore& auth_;
    ImportService& imports_;
};

}  // namespace casetrail::domain
