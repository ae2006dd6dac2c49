// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
//
// Times in the browser's own zone and language.
import { lang } from '../i18n';

export function formatTime(iso: string | null | undefined): string {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(lang.value, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400000],
    ['hour', 3600000],
    ['minute', 60000],
];

/** "in 3 days" / "2 hours ago", relative to now. */
export function relative(iso: string | null | undefined, now = Date.now()): string {
    if (!iso) return '';
    const diff = new Date(iso).getTime() - now;
    if (Number.isNaN(diff)) return '';
    const fmt = new Intl.RelativeTimeFormat(lang.value, { numeric: 'auto' });
    for (const [unit, ms] of UNITS) {
        if (Math.abs(diff) >= ms || unit === 'minute') return fmt.format(Math.round(diff / ms), unit);
    }
    return '';
}

export function isPast(iso: string | null | undefined, now = Date.now()): boolean {
    return !!iso && new Date(iso).getTime() < now;
}

/** RFC 3339 in UTC without the fraction, as the server reads it. */
export function toRfc3339(d: Date): string {
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 8 to 64 hex digits with no spaces: what a scanner types for a tag. */
export function looksLikeEpc(text: string): boolean {
    return /^[0-9A-Fa-f]{8,64}$/.test(text);
}
