// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The measuring half of tools/bench-ui: a cold first load of the search screen (bytes as they crossed
// the wire, from Chromium's own network events; time until the search box takes input), then searches
// typed into it (from the last key to the first matching result shown) and the same searches asked of
// the API from the page (the ceiling: what the UI adds is the difference).

import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const url = process.env.CT_URL;
const dossiers = Number(process.env.CT_DOSSIERS);
const searches = Number(process.env.CT_SEARCHES);

const SEARCH = 'input[data-test=search-input], [data-test=search-input] input';
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function signedInContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const r = await context.request.post(`${url}/api/v1/session`, {
    data: { login: 'zhao.min', password: process.env.CT_PASSWORD },
    headers: { Origin: url },
  });
  if (r.status() !== 200) throw new Error(`sign-in refused: ${r.status()}`);
  return context;
}

// Cold loads: a fresh context each (an empty cache), signed in beforehand, so what is measured is the
// screen itself.
const loads = [];
for (let i = 0; i < 5; i += 1) {
  const context = await signedInContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; requests += 1; });
  const t0 = Date.now();
  await page.goto(`${url}/`);
  await page.locator(SEARCH).waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest('[data-test=search-input]'));
  const usable = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  loads.push({ bytes, requests, usable });
  await context.close();
}
const kb = (b) => (b / 1024).toFixed(1);
console.log(`first load of the search screen, cold cache (5 runs): ${kb(pct(loads.map((l) => l.bytes), 50))} KB on the wire ` +
  `(gzipped, headers included; ${loads[0].requests} requests; goal <= 300 KB), usable after ${pct(loads.map((l) => l.usable), 50)} ms median ` +
  `(max ${Math.max(...loads.map((l) => l.usable))} ms)`);

// Searches: case numbers typed whole, as a clerk types or a scanner sends them.
const context = await signedInContext();
const page = await context.newPage();
await page.goto(`${url}/`);
const input = page.locator(SEARCH);
await input.waitFor();
let seed = 42;
const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return 1 + (seed % dossiers); };
const ui = [];
const api = [];
for (let i = 0; i < searches; i += 1) {
  const cn = `2026-BW-${String(next()).padStart(7, '0')}`;
  await input.fill('');
  const t0 = Date.now();
  await input.fill(cn);
  await page.locator('[data-test=search-result]', { hasText: cn }).first().waitFor();
  ui.push(Date.now() - t0);
  api.push(await page.evaluate(async (q) => {
    const t = performance.now();
    const r = await fetch(`/api/v1/dossiers?case_number=${encodeURIComponent(q)}&limit=20`);
    await r.json();
    return performance.now() - t;
  }, cn));
}
console.log(`search-to-result in the browser over ${dossiers} dossiers (${searches} case numbers): p50 ${pct(ui, 50)} ms, p95 ${pct(ui, 95)} ms ` +
  '(goal p95 <= 200 ms; includes the UI\'s 80 ms typing pause)');
console.log(`ceiling, the same searches from the page straight to the API: p50 ${pct(api, 50).toFixed(0)} ms, p95 ${pct(api, 95).toFixed(0)} ms`);
await browser.close();
