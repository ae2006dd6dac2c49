// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
import { ApiError, NetworkError } from '../api/client';

/** What to show for a failure: a translated heading key and the server's own (English) message. */
export interface Failure {
    heading: string;
    message: string;
}

export function describe(e: unknown): Failure {
    if (e instanceof ApiError) {
        const heading =
            e.status === 401
                ? 'error.unauthorized'
                : e.status === 403
                  ? 'error.forbidden'
                  : e.status === 404
                    ? 'error.notFound'
                    : e.status === 409
                      ? 'error.conflict'
                      : e.status === 429
                        ? 'error.tooMany'
                        : e.status >= 500
                          ? 'error.server'
                          : 'error.refused';
        return { heading, message: e.message };
    }
    if (e instanceof NetworkError) return { heading: 'error.network', message: '' };
    return { heading: 'error.unexpected', message: e instanceof Error ? e.message : String(e) };
}
