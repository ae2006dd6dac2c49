// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
//
// My active alerts, kept live from the notices WebSocket; the header badge and the alerts screens share them.
import { computed, reactive } from 'vue';
import { get, type Schemas } from '../api/client';
import { LiveSocket, wsUrl } from '../api/live';
import { i18n } from '../i18n';

type Alert = Schemas['Alert'];

export const alerts = reactive({
    byId: new Map<number, Alert>(),
    escalated: new Set<number>(),
    loaded: false,
    error: null as unknown,
});

export const activeAlerts = computed(() =>
    [...alerts.byId.values()].filter((a) => a.state !== 'resolved').sort((a, b) => b.id - a.id),
);

let socket: LiveSocket | null = null;
let who = '';
let lastSeen = 0;
const startedAt = Date.now();

function storageKey(): string {
    return 'casetrail.notice.' + who;
}

export function upsert(a: Alert): void {
    if (a.state === 'resolved') alerts.byId.delete(a.id);
    else alerts.byId.set(a.id, a);
    if (a.escalated_at) alerts.escalated.add(a.id);
}

export async function reloadAlerts(): Promise<void> {
    try {
        const page = await get('/api/v1/alerts', { query: { user: who, state: 'active', limit: 1000 } });
        alerts.byId.clear();
        for (const a of page.alerts) upsert(a);
        alerts.error = null;
    } catch (e) {
        alerts.error = e;
    } finally {
        alerts.loaded = true;
    }
}

function notify(n: Schemas['Notice']): void {
    if (n.kind === 'resolved' || typeof Notification === 'undefined' || Notification.permission !== 'granted')
        return;
    // Notices replayed from before this page was opened were seen already.
    if (new Date(n.at).getTime() < startedAt - 60000) return;
    const title = i18n.global.t(n.kind === 'escalated' ? 'alerts.notifyEscalated' : 'alerts.notifyRaised');
    new Notification(title, { body: n.alert.summary, tag: 'casetrail-alert-' + n.alert.id });
}

function onNotice(data: unknown): void {
    const n = data as Schemas['Notice'];
    if (typeof n?.notice !== 'number' || !n.alert) return;
    if (n.notice > lastSeen) {
        lastSeen = n.notice;
        try {
            localStorage.setItem(storageKey(), String(lastSeen));
        } catch {
            // not kept: the next page replays a little more
        }
    }
    upsert(n.alert);
    notify(n);
}

export function startAlerts(login: string): void {
    if (socket && who === login) return;
    stopAlerts();
    who = login;
    try {
        lastSeen = Number(localStorage.getItem(storageKey()) ?? 0) || 0;
    } catch {
        lastSeen = 0;
    }
    void reloadAlerts().then(() => {
        if (who !== login) return;
        socket = new LiveSocket(
            () => wsUrl('/api/v1/staff/' + encodeURIComponent(login) + '/notices?after=' + lastSeen),
            onNotice,
            () => void reloadAlerts(),
        );
    });
}

export function stopAlerts(): void {
    socket?.close();
    socket = null;
    who = '';
    alerts.byId.clear();
    alerts.escalated.clear();
    alerts.loaded = false;
}
