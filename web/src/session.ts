// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
//
// Who is signed in (the cookie session), and its CSRF token.
import { reactive } from 'vue';
import { ApiError, del, get, post, setCsrfToken, type Schemas } from './api/client';

export const session = reactive({
    me: null as Schemas['Me'] | null,
    checked: false,
});

function take(s: Schemas['Session']): void {
    setCsrfToken(s.csrf_token);
    session.me = s.me;
}

/** At start (and after a reload): is the cookie still good? */
export async function loadSession(): Promise<void> {
    try {
        take(await get('/api/v1/session', { allow401: true }));
    } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) throw e;
        session.me = null;
    } finally {
        session.checked = true;
    }
}

export async function signIn(login: string, password: string): Promise<void> {
    take(await post('/api/v1/session', { body: { login, password }, allow401: true }));
}

export async function signOut(): Promise<void> {
    try {
        await del('/api/v1/session', { allow401: true });
    } finally {
        forget();
    }
}

export function forget(): void {
    session.me = null;
    setCsrfToken('');
}

export function login(): string {
    return session.me?.name ?? '';
}
