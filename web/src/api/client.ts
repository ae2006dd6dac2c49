// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
//
// The one way the UI talks to the server: every call is typed from the generated contract (schema.d.ts, made
// from docs/openapi.json by `npm run types`), so a contract change the UI does not follow fails the build.
import { reactive } from 'vue';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The paths that have an operation for this method. */
export type PathsWith<M extends Method> = {
    [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];

type Responses<O> = O extends { responses: infer R } ? R : never;
type JsonAt<R, K extends number> = K extends keyof R
    ? R[K] extends { content: { 'application/json': infer J } }
        ? J
        : undefined
    : never;
/** The body of a successful answer (200, 201 or 204). */
export type Ok<O> = JsonAt<Responses<O>, 200> | JsonAt<Responses<O>, 201> | JsonAt<Responses<O>, 204>;
type Parameters_<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = Parameters_<O> extends { path: infer X } ? X : never;
type QueryParams<O> = Parameters_<O> extends { query?: infer X } ? X : never;
type RequestBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export interface CallOptions<O> {
    path?: PathParams<O>;
    query?: QueryParams<O>;
    body?: RequestBody<O>;
    signal?: AbortSignal;
    /** A 401 answer is the caller's business (the session routes), not a trip to the sign-in screen. */
    allow401?: boolean;
}

/** An error answer from the server: {"error":{"status","code","message"}}. */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
        this.name = 'ApiError';
    }
}

/** The server could not be reached at all (fetch's TypeError). */
export class NetworkError extends Error {
    constructor() {
        super('network');
        this.name = 'NetworkError';
    }
}

/** What the whole UI shows about the connection. */
export const connection = reactive({ offline: false });

let csrfToken = '';
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string): void {
    csrfToken = token;
}
export function setUnauthorizedHandler(handler: () => void): void {
    onUnauthorized = handler;
}

function buildUrl(template: string, path?: object, query?: object): string {
    let url = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const value = (path as Record<string, unknown> | undefined)?.[name];
        if (value === undefined || value === null) throw new Error(`missing path parameter ${name}`);
        return encodeURIComponent(String(value));
    });
    if (query) {
        const q = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) {
            if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
        }
        const s = q.toString();
        if (s) url += '?' + s;
    }
    return url;
}

export async function call<M extends Method, P extends PathsWith<M>>(
    method: M,
    path: P,
    options: CallOptions<Op<P, M>> = {},
): Promise<Ok<Op<P, M>>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(options.body);
    }
    if (method !== 'get') headers['X-CSRF-Token'] = csrfToken;
    let response: Response;
    try {
        response = await fetch(buildUrl(path, options.path as object, options.query as object), {
            method: method.toUpperCase(),
            headers,
            body,
            credentials: 'same-origin',
            signal: options.signal,
        });
    } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
        connection.offline = true;
        throw new NetworkError();
    }
    connection.offline = false;
    const text = await response.text();
    let json: unknown = undefined;
    if (text) {
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
    }
    if (!response.ok) {
        const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
        const failure = new ApiError(
            response.status,
            err?.code ?? 'unknown',
            err?.message ?? response.statusText,
        );
        if (response.status === 401 && !options.allow401) onUnauthorized();
        throw failure;
    }
    return json as Ok<Op<P, M>>;
}

export const get = <P extends PathsWith<'get'>>(path: P, options?: CallOptions<Op<P, 'get'>>) =>
    call('get', path, options);
export const post = <P extends PathsWith<'post'>>(path: P, options?: CallOptions<Op<P, 'post'>>) =>
    call('post', path, options);
export const put = <P extends PathsWith<'put'>>(path: P, options?: CallOptions<Op<P, 'put'>>) =>
    call('put', path, options);
export const del = <P extends PathsWith<'delete'>>(path: P, options?: CallOptions<Op<P, 'delete'>>) =>
    call('delete', path, options);

export function isAbort(e: unknown): boolean {
    return e instanceof DOMException && e.name === 'AbortError';
}
