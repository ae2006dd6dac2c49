// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0
//
// A WebSocket that comes back: after a drop it reconnects with a growing pause (1 s doubling to 30 s), asking
// the URL anew each time so a stream can resume after the last message seen.
import { reactive } from 'vue';

/** How many live streams are down right now (the banner shows while any is). */
export const liveStatus = reactive({ down: 0 });

export class LiveSocket {
    private socket: WebSocket | null = null;
    private timer: ReturnType<typeof setTimeout> | null = null;
    private pause = 1000;
    private stopped = false;
    private counted = false;

    constructor(
        private readonly url: () => string,
        private readonly onMessage: (data: unknown) => void,
        private readonly onReconnect: () => void = () => {},
    ) {
        this.open(false);
    }

    private setDown(down: boolean): void {
        if (down && !this.counted) liveStatus.down++;
        if (!down && this.counted) liveStatus.down--;
        this.counted = down;
    }

    private open(again: boolean): void {
        if (this.stopped) return;
        const ws = new WebSocket(this.url());
        this.socket = ws;
        ws.onopen = () => {
            this.pause = 1000;
            this.setDown(false);
            if (again) this.onReconnect();
        };
        ws.onmessage = (ev: MessageEvent) => {
            if (typeof ev.data !== 'string') return;
            try {
                this.onMessage(JSON.parse(ev.data));
            } catch {
                // not JSON: ignore it
            }
        };
        ws.onclose = () => {
            this.socket = null;
            if (this.stopped) return;
            this.setDown(true);
            this.timer = setTimeout(() => this.open(true), this.pause);
            this.pause = Math.min(this.pause * 2, 30000);
        };
    }

    close(): void {
        this.stopped = true;
        this.setDown(false);
        if (this.timer) clearTimeout(this.timer);
        this.socket?.close();
        this.socket = null;
    }
}

export function wsUrl(path: string): string {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
}
