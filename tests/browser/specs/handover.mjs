// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// A handover between two case handlers in two browsers: wang.li, holding a dossier, hands it to
// chen.jing at the desk; chen.jing sees it waiting in "my work" and confirms it in one
// tap; the dossier's custody chain names chen.jing as the holder.

import { check, choose, eventually, field, noProblems, pageApi, person, screenshot, signIn, spec, url } from '../lib.mjs';

await spec(async (browser) => {
  const clerk = await person(browser);
  await signIn(clerk.page, 'liu.yang');
  const week = new Date(Date.now() + 7 * 86400e3).toISOString();
  const out = await pageApi(clerk.page, 'POST', '/api/v1/dossiers/2026-CR-0002/checkout',
    { to: 'wang.li', purpose: 'interview', due_back: week });
  check(out.status === 201, 'wang.li holds 2026-CR-0002');

  const giver = await person(browser);
  const taker = await person(browser);
  await signIn(giver.page, 'wang.li');
  await signIn(taker.page, 'chen.jing');
  await taker.page.goto(`${url}/mywork`);
  check((await taker.page.locator('[data-test=incoming-handover]').count()) === 0, 'nothing waits for chen.jing yet');

  await giver.page.goto(`${url}/desk`);
  await field(giver.page, 'desk-scan').fill('2026-CR-0002');
  await field(giver.page, 'desk-scan').press('Enter');
  await giver.page.locator('[data-test=desk-picked]').waitFor();
  await choose(giver.page, 'desk-handover-to', 'chen.jing');
  await field(giver.page, 'desk-handover-note').fill('开庭前交接 for the hearing');
  await giver.page.locator('[data-test=desk-handover]').click();
  await eventually('the dossier is in transit', async () =>
    (await giver.page.locator('[data-test=desk-custody]').getAttribute('data-custody')) === 'in_transit');

  await taker.page.reload();
  await eventually('chen.jing sees the handover waiting in "my work"', async () =>
    (await taker.page.locator('[data-test=incoming-handover]').count()) === 1);
  await screenshot(taker.page, 'mywork');
  await taker.page.locator('[data-test=handover-confirm]').first().click();
  await eventually('confirmed, it leaves the waiting list', async () =>
    (await taker.page.locator('[data-test=incoming-handover]').count()) === 0);
  const chain = await pageApi(taker.page, 'GET', '/api/v1/dossiers/2026-CR-0002/custody');
  check(chain.body.custody.holder.login === 'chen.jing', 'chen.jing holds it now');
  check(chain.body.handovers.at(-1).state === 'confirmed', 'the handover is confirmed in the chain');

  await taker.page.goto(`${url}/dossiers/2026-CR-0002`);
  await eventually("the dossier page's custody chain names both", async () => {
    const rows = await taker.page.locator('[data-test=custody-row]').allInnerTexts();
    return rows.some((t) => t.includes('chen.jing') || t.includes('Chen Jing')) && rows.some((t) => t.includes('wang.li') || t.includes('Wang Li'));
  });
  for (const p of [giver.page, taker.page]) await noProblems(p);
});
