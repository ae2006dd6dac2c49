// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The first screen, as a clerk uses it: results as one types a case number, each with where it is now;
// an EPC typed by a scanner (a fast burst ending in Enter) opens its dossier; Chinese title words find.

import { check, epc, eventually, field, noProblems, person, screenshot, signIn, spec, url } from '../lib.mjs';

await spec(async (browser) => {
  const { page } = await person(browser);
  await signIn(page, 'liu.yang');
  const input = field(page, 'search-input');
  check(await input.evaluate((e) => e === document.activeElement), 'the search box has the focus');

  await input.type('2026-CR-0003', { delay: 40 });
  await eventually('typing a case number shows its dossier', async () =>
    (await page.locator('[data-test=search-result]').allInnerTexts()).some((t) => t.includes('2026-CR-0003')));
  const row = page.locator('[data-test=search-result]', { hasText: '2026-CR-0003' }).first();
  const at = await row.locator('[data-test=search-result-now-at]').innerText();
  check(/HQ-R1-C1-S1|Shelf 1/.test(at), `the result says where it is now ("${at}")`);
  await screenshot(page, 'search');

  await input.fill('');
  await input.type('盗窃案', { delay: 60 });
  await eventually('Chinese title words find the dossiers titled with them', async () =>
    (await page.locator('[data-test=search-result]').count()) >= 5);
  const titles = await page.locator('[data-test=search-result]').allInnerTexts();
  check(titles.every((t) => t.includes('盗窃案')), 'every result carries the words');

  // A scanner: the whole EPC within a few milliseconds, then Enter.
  await input.fill('');
  await input.focus();
  await page.keyboard.type(epc(12), { delay: 3 });
  await page.keyboard.press('Enter');
  await eventually('an EPC from a scanner opens its dossier', async () => page.url().endsWith('/dossiers/2026-CR-0012'));
  await page.locator('[data-test=dossier-case-number]').waitFor();
  check((await page.locator('[data-test=dossier-case-number]').innerText()).includes('2026-CR-0012'),
    'the dossier page shows the scanned dossier');

  await page.goto(`${url}/`);
  await field(page, 'search-input').type('no such words anywhere', { delay: 10 });
  await page.locator('[data-test=search-empty]').waitFor();
  check(true, 'a search that finds nothing says so');
  await noProblems(page);
});
