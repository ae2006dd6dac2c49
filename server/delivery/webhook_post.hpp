// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

#pragma once
// One signed POST of a notice to one webhook: over TLS 1.2+, the receiver's certificate verified against
// the webhook's CA file (or the system's CAs) and issued for the URL's host; or plain HTTP to a loopback
// receiver the config allows it. The TLS settings (the CA store) are read once per webhook, at start.

#include <cstdint>
#include <memory>
#include <string>

#include "server/delivery/webhook_config.hpp"

namespace casetrail::delivery {

struct PostResult {
    bool delivered = false;
    std::string detail;  // "HTTP 204", or why it failed
};

class WebhookPoster {
public:
    // Throws common::ConfigError naming the webhook when its CA file (or the system's store) cannot be used.
    explicit WebhookPoster(WebhookConfig hook);
    ~WebhookPoster();
    WebhookPoster(WebhookPoster&&) noexcept;
    WebhookPoster& operator=(WebhookPoster&&) noexcept;

    const WebhookConfig& hook() const { return hook_; }
    // Never throws for network or TLS trouble: that is a failed attempt, said in `detail`.
    PostResult post(const std::string& body, std::int64_t notice_id, int attempt) const;

private:
    struct Tls;
    WebhookConfig hook_;
    std::unique_ptr<Tls> tls_;  // null for plain HTTP
};

}  // namespace casetrail::delivery
