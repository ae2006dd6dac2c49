// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// What every browser spec shares: Debian's Chromium through playwright-core (headless, no network of its
// own), signing in as a person does, the simulator's control socket, axe scans, screenshots, and a
// failure that says what was seen. The stack comes from browser_tests.cpp through the environment.

import { readFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const url = process.env.CT_URL;
export const password = process.env.CT_PASSWORD;
if (!url || !password) throw new Error('CT_URL and CT_PASSWORD are set by browser_tests (run it through CTest)');

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

export function check(condition, what) {
  if (!condition) throw new Error(`FAILED: ${what}`);
  console.log(`ok: ${what}`);
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
}

// A person's browser window; every page error and CSP refusal fails the spec at its end (problems()).
export async function person(browser, { viewport = DESKTOP, locale = 'zh-CN' } = {}) {
  // Reduced motion: axe judges colours as they end, not halfway through a fade.
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const seen = [];
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  page.problems = () => seen;
  page.setDefaultTimeout(10000);
  return { context, page };
}

// The text field a data-test names: the element itself, or the input inside a library component.
export function field(page, name) {
  return page.locator(`[data-test=${name}]`).locator('xpath=descendant-or-self::*[self::input or self::textarea]').first();
}

// From the sign-in screen when on it (it keeps the page asked for), else from the first screen.
export async function signIn(page, login, { as = password, wait = as === password } = {}) {
  if (!page.url().includes('/signin')) await page.goto(`${url}/`);
  await field(page, 'signin-login').fill(login);
  await field(page, 'signin-password').fill(as);
  await page.locator('[data-test=signin-submit]').click();
  if (wait) await page.locator('[data-test=sign-out]').waitFor();
}

export async function signOut(page) {
  await page.locator('[data-test=sign-out]').click();
  await field(page, 'signin-login').waitFor();
}

// A request made by the signed-in page itself, with its cookie and CSRF token, as the UI makes them.
export async function pageApi(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
      const r = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    { method, path, body },
  );
}

export async function eventually(what, probe, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return check(true, what);
    if (Date.now() > end) return check(false, what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// One line to the simulator's control socket; resolves with its reply, rejects unless it says ok.
export function sim(command) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(process.env.CT_SIM_CONTROL), '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => {
      reply += d;
      if (/^(ok|error).*\n/m.test(reply)) {
        socket.end();
        (/^ok/m.test(reply) ? resolve : reject)(reply);
      }
    });
    socket.on('error', reject);
    socket.write(`${command}\n`);
  });
}

export function epc(n) {
  return `E2801160000000000000${String(n).padStart(4, '0')}`;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe-core run in the page (evaluated by the test, not injected as a script: the page's CSP stays on).
export async function axeViolations(page) {
  const result = await page.evaluate(`${axeSource}; axe.run(document, { resultTypes: ['violations'] })`);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} [${(n.any[0] || n.all[0] || {}).message || ''}]`).join(', ')}`);
}

export async function expectAxeClean(page, screen) {
  const v = await axeViolations(page);
  check(v.length === 0, `axe finds no serious or critical violation on ${screen}${v.length ? `: ${v.join('; ')}` : ''}`);
}

export async function screenshot(page, name) {
  const dir = process.env.CT_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

export async function noProblems(page) {
  const p = page.problems();
  check(p.length === 0, `no page errors or CSP refusals${p.length ? `: ${p.join('; ')}` : ''}`);
}

// Runs a spec: a browser for it, closed however it ends; a failure exits 1 with what was seen.
export async function spec(body) {
  const browser = await launch();
  try {
    await body(browser);
    console.log('spec passed');
  } catch (e) {
    console.error(e.stack || String(e));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

// Picks the option of a filterable select (Element Plus) by typing, as a person with a keyboard does.
export async function choose(page, name, text) {
  await page.locator(`[data-test=${name}]`).click();
  await page.keyboard.type(text, { delay: 20 });
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}
