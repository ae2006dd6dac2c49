-- SPDX-FileCopyrightText: 2026 The Casetrail authors
-- SPDX-License-Identifier: MulanPSL-2.0

-- Each reader's health as its gateway sees it: state, since when and why, counters and poll latency.
-- Written by the gateway at a bounded rate (not per poll); one row per reader.

CREATE TABLE reader_health (
    reader_id             bigint PRIMARY KEY REFERENCES readers (id),
    state                 text NOT NULL CHECK (state IN ('online', 'degraded', 'offline')),
    since                 timestamptz NOT NULL,
    reason                text,
    last_good_poll        timestamptz,
    consecutive_failures  integer NOT NULL CHECK (consecutive_failures >= 0),
    polls                 bigint NOT NULL CHECK (polls >= 0),
    failures              bigint NOT NULL CHECK (failures >= 0),
    timeouts              bigint NOT NULL CHECK (timeouts >= 0),
    crc_errors            bigint NOT NULL CHECK (crc_errors >= 0),
    decode_errors         bigint NOT NULL CHECK (decode_errors >= 0),
    reconnects            bigint NOT NULL CHECK (reconnects >= 0),
    exceptions            jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(exceptions) = 'object'),
    latency_p50_ms        double precision CHECK (latency_p50_ms >= 0),
    latency_p99_ms        double precision CHECK (latency_p99_ms >= 0),
    reported_at           timestamptz NOT NULL
);
