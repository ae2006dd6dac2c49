// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "gateway/app/startup.hpp"

#include <nlohmann/json.hpp>

#include "common/pg/store_errors.hpp"
#include "gateway/app/event_rows.hpp"
#include "gateway/events/spool_codec.hpp"

namespace casetrail::gateway {

std::vector<ReaderRegistration> registrations(const GatewayConfig& cfg) {
    std::vector<ReaderRegistration> out;
    for (const auto& r : cfg.readers) out.push_back({r.id, r.rtu ? "rtu" : "tcp", r.address(), r.unit_id, r.antennas});
    return out;
}

std::optional<Registration> register_readers(ReaderRegistry& registry, const GatewayConfig& cfg,
                                             const std::optional<LocalState>& cached, const WaitForRetry& wait,
                                             const common::Logger& log) {
    const auto wanted = registrations(cfg);
    bool logged_wait = false;
    do {
        try {
            return Registration{registry.register_readers(wanted), true};
        } catch (const pg::StoreUnavailable& e) {
            if (cached) {
                log.warn("database unavailable: starting from the local state of the last run",
                         {{"error", e.what()}, {"tags_present", cached->positions.size()}});
                return Registration{cached->antennas, false};
            }
            if (!logged_wait) log.warn("waiting for the database", {{"error", e.what()}});
            logged_wait = true;
        }
    } while (wait());
    return std::nullopt;
}

void seed_from_database(smoothing::LocationSmoother& core, const ZoneMap& zones, const std::vector<PresentTag>& tags) {
    for (const auto& t : tags) {
        const auto zone = zones.of_antenna(t.antenna_id);
        if (!zone) continue;  // present_tags asks for these zones' antennas only
        const auto tag = core.tag(t.epc);
        std::optional<float> rssi;
        if (t.rssi_dbm) rssi = static_cast<float>(*t.rssi_dbm);
        const auto other = t.alt_antenna_id ? zones.of_antenna(*t.alt_antenna_id) : std::nullopt;
        if (other) {
            core.seed_ambiguous(tag, *zone, *other, rssi);
        } else {
            core.seed(tag, *zone, rssi);
        }
    }
}

std::uint64_t seed_from_local_state(smoothing::LocationSmoother& core, const ZoneMap& zones, const LocalState& state) {
    for (const auto& [epc, antenna] : state.positions) {
        if (const auto zone = zones.of_antenna(antenna)) core.seed(core.tag(epc), *zone);
    }
    return state.seq;
}

std::uint64_t seed_core(smoothing::LocationSmoother& core, const ZoneMap& zones, const Registration& registration,
                        const std::optional<LocalState>& cached,
                        const std::function<std::vector<PresentTag>()>& present_tags, const common::Logger& log) {
    if (!registration.from_database) return seed_from_local_state(core, zones, *cached);
    try {
        seed_from_database(core, zones, present_tags());
        return 0;
    } catch (const pg::StoreUnavailable& e) {
        if (!cached) {
            log.warn("could not load current locations; starting empty", {{"error", e.what()}});
            return 0;
        }
        log.warn("could not load current locations; using the local state", {{"error", e.what()}});
        return seed_from_local_state(core, zones, *cached);
    }
}

Replay replay_spool(smoothing::LocationSmoother& core, const ZoneMap& zones,
                    const std::vector<spool::SpoolRecord>& recovered, std::uint64_t seeded_through) {
    Replay out;
    for (const auto& r : recovered) {
        auto row = decode_event(r.payload);
        if (!row) {
            ++out.undecodable;
            continue;
        }
        const auto zone = zones.of_antenna(row->antenna_id);
        const auto kind = smoothing::event_kind_from_string(row->kind);
        if (r.seq > seeded_through && zone && kind) {
            const auto other = row->alt_antenna_id ? zones.of_antenna(*row->alt_antenna_id) : std::nullopt;
            core.apply(*kind, core.tag(row->epc), *zone, other.value_or(smoothing::kNoZone), evidence_rssi(*row));
        }
        out.events.push_back({r.seq, std::move(*row)});
    }
    return out;
}

LocalState local_state_of(const smoothing::LocationSmoother& core, const ZoneMap& zones,
                          std::vector<RegisteredAntenna> antennas, std::uint64_t seq) {
    LocalState state;
    state.antennas = std::move(antennas);
    state.seq = seq;
    for (smoothing::TagId tag = 0; tag < core.tag_ids(); ++tag) {
        const auto w = core.where(tag);
        if (w.presence != smoothing::Presence::absent) state.positions[core.epc(tag)] = zones.info(w.zone).antenna_id;
    }
    return state;
}

}  // namespace casetrail::gateway
