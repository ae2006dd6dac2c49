// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// The dossier page as a supervisor keeps it open: the register's facts, each volume's place with its
// cabinet's picture, the custody chain and the history; a move made in the simulator shows on the page
// by itself, without a reload, and the new event is in the history with its evidence on demand.

import { check, epc, eventually, noProblems, person, screenshot, signIn, sim, spec, url } from '../lib.mjs';

await spec(async (browser) => {
  const { page } = await person(browser);
  await signIn(page, 'zhao.min');
  await page.goto(`${url}/dossiers/2026-CR-0005`);
  await page.locator('[data-test=dossier-case-number]').waitFor();
  const text = async (name) => (await page.locator(`[data-test=${name}]`).first().innerText()).trim();
  check((await text('dossier-title')).includes('Fraud case 5'), 'the title is shown');
  check((await text('dossier-unit')).length > 0, 'the owning unit is shown');
  check((await text('dossier-handler')).length > 0, 'the case handler is shown');
  await eventually('the volume is on its home shelf, Cabinet 1 / Shelf 1', async () =>
    /Shelf 1/.test(await text('volume-place')));
  check(await page.locator('[data-test=cabinet-picture]').first().isVisible(), "the cabinet's picture is shown");
  check((await text('volume-last-seen')).includes('R1'), 'the reader that saw it last is named');
  await screenshot(page, 'dossier');

  await page.evaluate(() => { window.__stillThisPage = true; });
  const before = await page.locator('[data-test=history-row]').count();
  const moved = Date.now();
  await sim(`move ${epc(5)} 8`);
  await eventually('the page shows the new place, Cabinet 2 / Shelf 4, by itself', async () =>
    /Cabinet 2/.test(await text('volume-place')) && /Shelf 4/.test(await text('volume-place')), 20000);
  console.log(`seen ${Date.now() - moved} ms after the move (the gateway's smoothing takes its rounds)`);
  check(await page.evaluate(() => window.__stillThisPage === true), 'without a reload');
  await eventually('the history has the move', async () => (await page.locator('[data-test=history-row]').count()) > before);
  const evidence = page.locator('[data-test=history-evidence]').first();
  await evidence.click();
  await eventually('its evidence is shown on demand', async () =>
    /rssi|reads|antenna|dBm|round/i.test(await page.locator('[data-test=history-row]').first().innerText()));
  await noProblems(page);
});
