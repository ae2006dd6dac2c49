// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The circulation desk as an archive clerk works it: a tag scanned (an EPC burst ending in Enter) picks
// the dossier, it is checked out to a person with a purpose, shown among what is out, and checked in.

import { check, choose, epc, eventually, field, noProblems, pageApi, person, screenshot, signIn, spec, url } from '../lib.mjs';

await spec(async (browser) => {
  const { page } = await person(browser);
  await signIn(page, 'liu.yang');
  await page.goto(`${url}/desk`);
  const scan = field(page, 'desk-scan');
  await scan.focus();
  await page.keyboard.type(epc(7), { delay: 3 });
  await page.keyboard.press('Enter');
  await page.locator('[data-test=desk-picked]').waitFor();
  check((await page.locator('[data-test=desk-picked]').innerText()).includes('2026-CR-0007'), 'the scanned tag picks its dossier');
  check((await page.locator('[data-test=desk-custody]').getAttribute('data-custody')) === 'in_archive', 'it is in the archive');
  check((await page.locator('[data-test=desk-feedback]').innerText()).trim().length > 0, 'the scan is acknowledged');

  // The network goes: the desk says so and keeps what was typed; back, the same Enter works.
  await page.context().setOffline(true);
  await scan.fill('2026-CR-0008');
  await scan.press('Enter');
  await page.locator('[data-test=banner-offline]').waitFor();
  check(true, 'a lost connection is told');
  check((await scan.inputValue()) === '2026-CR-0008', 'what was typed stays');
  await page.context().setOffline(false);
  await scan.press('Enter');
  await eventually('back online, the scan picks its dossier', async () =>
    (await page.locator('[data-test=desk-picked]').innerText()).includes('2026-CR-0008'));
  await page.locator('[data-test=banner-offline]').waitFor({ state: 'detached' });
  check(true, 'and the banner goes');
  await scan.fill('');
  await page.keyboard.type(epc(7), { delay: 3 });
  await page.keyboard.press('Enter');
  await eventually('the next scan picks the next', async () =>
    (await page.locator('[data-test=desk-picked]').innerText()).includes('2026-CR-0007'));

  await choose(page, 'desk-checkout-to', 'wang.li');
  await field(page, 'desk-checkout-purpose').fill('庭审 court hearing');
  await page.locator('[data-test=desk-checkout]').click();
  await eventually('the dossier is checked out to wang.li', async () =>
    (await page.locator('[data-test=desk-custody]').getAttribute('data-custody')) === 'checked_out');
  const custody = await pageApi(page, 'GET', '/api/v1/dossiers/2026-CR-0007/custody');
  check(custody.body.custody.holder.login === 'wang.li', 'the server has wang.li holding it');
  check(custody.body.holders.at(-1).purpose === '庭审 court hearing', 'with the purpose typed');
  await screenshot(page, 'desk');

  // A case number typed picks it too; the clerk takes it back.
  await scan.fill('2026-CR-0007');
  await scan.press('Enter');
  await page.locator('[data-test=desk-checkin]').click();
  await eventually('checked in, it is in the archive again', async () =>
    (await page.locator('[data-test=desk-custody]').getAttribute('data-custody')) === 'in_archive');
  check((await pageApi(page, 'GET', '/api/v1/dossiers/2026-CR-0007/custody')).body.custody.state === 'in_archive',
    'and the server agrees');
  await noProblems(page);
});
