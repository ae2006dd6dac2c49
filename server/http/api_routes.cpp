// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/http/api_routes.hpp"

#include "server/http/alert_routes.hpp"
#include "server/http/audit_routes.hpp"
#include "server/http/auth_routes.hpp"
#include "server/http/custody_routes.hpp"
#include "server/http/dossier_routes.hpp"
#include "server/http/import_routes.hpp"
#include "server/http/location_routes.hpp"
#include "server/http/reader_routes.hpp"
#include "server/http/session_routes.hpp"
#include "server/http/stocktake_routes.hpp"
#include "server/http/system_routes.hpp"

namespace casetrail::http {

namespace {

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

const std::vector<std::string>& scoped_path_parameters() {
    // id, handover, alert, login, import: checked below. The rest are reached only through a checked
    // dossier (deadline, volume), or filtered to one's scope by their route (stocktake: a place, whose
    // result names only the dossiers one may see) or their service (token: its owner); a place (code)
    // is no secret, like a unit: the dossiers in it are what the scope keeps.
    static const std::vector<std::string> names = {"id",     "handover",  "alert",  "login", "deadline",
                                                   "volume", "stocktake", "import", "token", "code"};
    return names;
}

void add_api_routes(Router& router, const ApiServices& s) {
    router.set_access([s](std::string_view token) { return s.auth.authenticate(token); },
                      [s](const domain::Principal& who, std::string_view pattern, const RouteParams& p) {
                          if (auto it = p.path.find("id"); it != p.path.end()) s.access.check_dossier(who, it->second);
                          if (p.path.count("handover"))
                              s.access.check_handover(who, path_integer(p, "handover", 1, INT64_MAX));
                          if (p.path.count("alert")) s.access.check_alert(who, path_integer(p, "alert", 1, INT64_MAX));
                          if (ends_with(pattern, "/notices")) s.access.check_notice_stream(who, p.path.at("login"));
                          if (p.path.count("import"))
                              s.access.check_import(who, path_integer(p, "import", 1, INT64_MAX));
                      });
    add_auth_routes(router, s.auth);
    add_session_routes(router, s.auth);
    add_system_routes(router, s.health);
    add_location_routes(router, s.locations);
    add_reader_routes(router, s.readers);
    add_dossier_routes(router, s.dossiers);
    add_custody_routes(router, s.custody, s.access);
    add_stocktake_routes(router, s.stocktakes, s.access);
    add_import_routes(router, s.imports);
    add_alert_routes(router, s.alerts);
    add_audit_routes(router, s.audit);
}

}  // namespace casetrail::http
