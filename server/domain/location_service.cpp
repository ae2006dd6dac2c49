// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "server/domain/location_service.hpp"

#include "server/domain/dossier_ident.hpp"
#include "server/domain/errors.hpp"

namespace casetrail::domain {

store::PlaceView LocationService::place(const std::string& code) {
    auto v = store_.place_view(code);
    if (!v) throw NotFound("no place has the code \"" + code + "\"");
    return std::move(*v);
}

std::pair<store::DossierRecord, std::string> LocationService::find(std::string_view text) {
    const auto ident = parse_dossier_ident(text);
    // A case number wins over an EPC reading of the same text: case numbers are what people type.
    if (auto d = store_.dossier_by_case_number(ident.text)) return {std::move(*d), "case_number"};
    if (ident.epc) {
        if (auto d = store_.dossier_by_epc(*ident.epc)) return {std::move(*d), "epc"};
    }
    throw NotFound("no dossier has the case number or tag \"" + ident.text + "\"");
}

WhereAnswer LocationService::where(std::string_view text) {
    auto [dossier, matched_by] = find(text);
    WhereAnswer a{std::move(dossier), std::move(matched_by), {}, false};
    a.volumes = store_.volume_locations(a.dossier.id);
    for (const auto& v : a.volumes) {
        const auto& first = a.volumes.front();
        const auto alt = [](const store::VolumeLocationRecord& r) {
            return r.alt_place ? r.alt_place->location_id : 0;
        };
        if (v.located != first.located || v.state != first.state ||
            (v.located && (v.place.location_id != first.place.location_id || alt(v) != alt(first)))) {
            a.split = true;
        }
    }
    return a;
}

HistoryPage LocationService::history(std::string_view text, int limit, std::optional<std::int64_t> before) {
    if (limit < 1 || limit > kMaxHistoryLimit) {
        throw InvalidArgument("limit must be between 1 and " + std::to_string(kMaxHistoryLimit));
    }
    if (before && *before < 1) throw InvalidArgument("before must be a positive event id");
    auto [dossier, matched_by] = find(text);
    HistoryPage page{std::move(dossier), {}, std::nullopt};
    // One row more than asked tells whether another page exists.
    page.events = store_.history(page.dossier.id, limit + 1, before);
    if (static_cast<int>(page.events.size()) > limit) {
        page.events.resize(static_cast<std::size_t>(limit));
        page.next_before = page.events.back().id;
    }
    return page;
}

}  // namespace casetrail::domain
