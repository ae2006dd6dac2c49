// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// An alert as a case handler meets it: a dossier of theirs carried out through the doorway with nobody
// holding it raises "out without a handover"; it arrives live (the badge counts it, the list shows it,
// no reload) and is acknowledged, which the server records.

import { check, epc, eventually, noProblems, pageApi, person, screenshot, signIn, sim, spec, url } from '../lib.mjs';

const badge = async (page) => Number(((await page.locator('[data-test=alert-badge]').first().innerText()) || '0').replace(/\D/g, '') || 0);

await spec(async (browser) => {
  const { page } = await person(browser);
  await signIn(page, 'chen.jing');
  await page.goto(`${url}/alerts`);
  await page.evaluate(() => { window.__stillThisPage = true; });
  const before = await badge(page);

  // 2026-CR-0027 off its shelf, through the doorway: inside antenna, then outside, then gone.
  await sim(`remove ${epc(27)}`);
  await sim(`D1: add ${epc(27)} 1 -50`);
  // A person's pace through the doorway: the gateway polls it a few times on each side.
  const walk = () => new Promise((r) => setTimeout(r, 1000));
  await walk();
  await sim(`D1: move ${epc(27)} 2`);
  await walk();
  await sim(`D1: remove ${epc(27)}`);

  await eventually('the alert arrives in the list by itself', async () =>
    (await page.locator('[data-test=alert-row]', { hasText: '2026-CR-0027' }).count()) > 0, 30000);
  check(await page.evaluate(() => window.__stillThisPage === true), 'without a reload');
  await eventually('the badge counts it', async () => (await badge(page)) > before);
  await screenshot(page, 'alerts');

  const row = page.locator('[data-test=alert-row]', { hasText: '2026-CR-0027' }).first();
  await row.locator('[data-test=alert-ack]').click();
  await eventually('acknowledged on the server', async () => {
    const list = await pageApi(page, 'GET', '/api/v1/alerts?user=chen.jing&case_number=2026-CR-0027');
    return list.body.alerts.some((a) => a.state === 'acknowledged' && a.acknowledged.by === 'chen.jing');
  });
  await noProblems(page);
});
