// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// A dossier titled with markup is shown as that text everywhere: in the search results and on its page;
// no element is made of it and no script of it runs.

import { check, eventually, field, noProblems, pageApi, person, spec, url, signIn } from '../lib.mjs';

const TITLE = '<img src=x onerror=alert(1)> 盗窃案';

await spec(async (browser) => {
  const { page } = await person(browser);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await signIn(page, 'sun.hao');
  const made = await pageApi(page, 'POST', '/api/v1/dossiers', { case_number: '2026-CR-0666', title: TITLE, unit: 'CID-T1' });
  check(made.status === 201, `a dossier with markup in its title is registered (${made.status})`);

  await field(page, 'search-input').type('2026-CR-0666', { delay: 20 });
  await eventually('the search shows it', async () => (await page.locator('[data-test=search-result]').count()) === 1);
  const row = page.locator('[data-test=search-result]').first();
  check((await row.innerText()).includes('<img src=x onerror=alert(1)>'), 'the result shows the title as text');
  check((await row.locator('img').count()) === 0, 'no image element was made of it');

  await page.goto(`${url}/dossiers/2026-CR-0666`);
  await page.locator('[data-test=dossier-title]').waitFor();
  check((await page.locator('[data-test=dossier-title]').innerText()).includes('<img src=x onerror=alert(1)>'),
    'the dossier page shows the title as text');
  check((await page.locator('main img[src=x]').count()) === 0, 'no image element on the dossier page either');
  check(dialogs === 0, 'no script of the title ran');
  await noProblems(page);
});
