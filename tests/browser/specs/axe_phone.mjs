// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Every screen, in Chinese and in English, on a desktop and on a phone (360x640): axe-core finds no
// serious or critical violation; on the phone nothing is wider than the screen; the screens in zh-CN
// are photographed (CASETRAIL_SCREENSHOTS, tools/ui-screenshots). And the search by keyboard alone.

import { check, eventually, expectAxeClean, field, noProblems, person, screenshot, signIn, spec, url, DESKTOP, PHONE } from '../lib.mjs';

const screens = [
  ['search', '/?q=', async (p) => { await field(p, 'search-input').type('2026-CR-001', { delay: 10 }); await p.locator('[data-test=search-result]').first().waitFor(); }],
  ['dossier', '/dossiers/2026-CR-0005', async (p) => { await p.locator('[data-test=volume-row]').first().waitFor(); }],
  ['mywork', '/mywork', async (p) => { await p.locator('[data-test=mywork-dossier]').first().waitFor(); }],
  ['alerts', '/alerts', async (p) => { await p.locator('[data-test=alert-badge]').first().waitFor(); }],
  ['desk', '/desk', async (p) => { await field(p, 'desk-scan').fill('2026-CR-0004'); await field(p, 'desk-scan').press('Enter'); await p.locator('[data-test=desk-picked]').waitFor(); }],
];

async function visit(browser, { viewport, locale, shots }) {
  const { page } = await person(browser, { viewport, locale });
  const size = viewport === PHONE ? 'phone' : 'desktop';
  await page.goto(`${url}/`);
  await field(page, 'signin-login').waitFor();
  await expectAxeClean(page, `sign-in (${locale}, ${size})`);
  await signIn(page, 'chen.jing');
  if (locale !== 'zh-CN') {
    await page.locator('[data-test=lang-switch]').click();
    await eventually('the page switches to English', async () => (await page.locator('html').getAttribute('lang')) === 'en');
  }
  for (const [name, path, ready] of screens) {
    await page.goto(`${url}${path}`);
    await ready(page);
    await expectAxeClean(page, `${name} (${locale}, ${size})`);
    if (viewport === PHONE) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      check(wide <= PHONE.width, `${name} fits the phone's width (${wide} px)`);
    }
    if (shots) await screenshot(page, size === 'phone' ? `${name}-phone` : name);
  }
  await noProblems(page);
}

await spec(async (browser) => {
  await visit(browser, { viewport: DESKTOP, locale: 'zh-CN', shots: false });  // the other specs photograph these
  await visit(browser, { viewport: DESKTOP, locale: 'en', shots: false });
  await visit(browser, { viewport: PHONE, locale: 'zh-CN', shots: true });

  // By keyboard alone: sign in, search, open a result.
  const { page } = await person(browser);
  await page.goto(`${url}/`);
  await field(page, 'signin-login').waitFor();
  await field(page, 'signin-login').focus();
  await page.keyboard.type('liu.yang');
  await page.keyboard.press('Tab');
  await page.keyboard.type(process.env.CT_PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('[data-test=sign-out]').waitFor();
  await page.keyboard.type('2026-CR-0009', { delay: 20 });
  await page.locator('[data-test=search-result]').first().waitFor();
  await page.keyboard.press('Enter');
  await eventually('Enter on a case number with one match opens it', async () => page.url().endsWith('/dossiers/2026-CR-0009'));
  await noProblems(page);
});
