// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#include "firmware-bridge/simulator/register_image.hpp"

#include <algorithm>

#include "firmware-bridge/profiles/record_codec.hpp"

namespace casetrail::bridge::sim {

RegisterImage::RegisterImage(Profile profile, const map::Identity& identity)
    : profile_(std::move(profile)), holding_(kSize, 0), input_(kSize, 0) {
    const auto id = encode_identity(profile_, identity);
    std::copy(id.begin(), id.end(), image(profile_.identity.kind) + profile_.identity.address);
    if (profile_.status) image(profile_.status->kind)[profile_.status->address] = map::kStatusReady;
}

RegisterImage::WriteEffect RegisterImage::classify_write(std::uint16_t address, std::uint16_t value) const {
    if (profile_.trigger && address == profile_.trigger->address) {
        return value == profile_.trigger->value ? WriteEffect::trigger : WriteEffect::refused_value;
    }
    if (profile_.list.mode == ListMode::handshake && address == profile_.list.ack_address) {
        return value == profile_.list.ack_value ? WriteEffect::ack : WriteEffect::refused_value;
    }
    return WriteEffect::refused_address;
}

void RegisterImage::publish_round(const std::vector<map::TagRecord>& all) {
    const auto& list = profile_.list;
    const auto& rec = profile_.record;
    std::vector<map::TagRecord> tags(
        all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(all.size(), list.capacity)));
    ++round_;
    ++rounds_;
    last_round_tags_ = tags.size();
    auto* img = image(list.kind);
    switch (list.mode) {
        case ListMode::table:
        case ListMode::count_records: {
            std::fill(img + list.records_address,
                      img + list.records_address + std::size_t{list.capacity} * rec.registers, 0);
            for (std::size_t i = 0; i < tags.size(); ++i) {
                const auto r = encode_record(profile_, tags[i]);
                std::copy(r.begin(), r.end(), img + list.records_address + i * rec.registers);
            }
            if (list.mode == ListMode::count_records) img[list.count_address] = static_cast<std::uint16_t>(tags.size());
            break;
        }
        case ListMode::handshake:
            pending_.assign(tags.begin(), tags.end());
            show_head();
            break;
    }
    if (profile_.status) {
        auto* st = image(profile_.status->kind);
        std::uint16_t flags = map::kStatusReady;
        if (all.size() > tags.size()) flags |= map::kStatusOverflow;
        st[profile_.status->address] = flags;
        if (profile_.status->round_offset) st[profile_.status->address + *profile_.status->round_offset] = round_;
    }
    if (profile_.trigger) image(RegisterKind::holding)[profile_.trigger->address] = 0;
}

std::optional<int> RegisterImage::empty_answer(RegisterKind kind, std::uint16_t address, std::uint16_t count) const {
    const auto& list = profile_.list;
    if (!list.empty_exception || last_round_tags_ > 0 || kind != list.kind) return std::nullopt;
    const std::uint32_t start = list.records_address;
    const std::uint32_t end = start + std::uint32_t{list.capacity} * profile_.record.registers;
    if (address + std::uint32_t{count} <= start || address >= end) return std::nullopt;
    return list.empty_exception;
}

void RegisterImage::acknowledge() {
    if (!pending_.empty()) pending_.pop_front();
    show_head();
}

void RegisterImage::show_head() {
    const auto& list = profile_.list;
    auto* img = image(list.kind);
    std::fill(img + list.records_address, img + list.records_address + profile_.record.registers, 0);
    if (!pending_.empty()) {
        const auto r = encode_record(profile_, pending_.front());
        std::copy(r.begin(), r.end(), img + list.records_address);
    }
    img[list.count_address] = static_cast<std::uint16_t>(pending_.size());
}

}  // namespace casetrail::bridge::sim
