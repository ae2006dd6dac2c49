// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// A case handler does not see another unit's dossier (not in search, its page answers "not found"), and a
// page of another site cannot act with the handler's session: its form POST and its fetch are refused.

import http from 'node:http';
import { check, eventually, field, noProblems, pageApi, person, spec, url, signIn } from '../lib.mjs';

await spec(async (browser) => {
  const admin = await person(browser);
  await signIn(admin.page, 'sun.hao');
  check((await pageApi(admin.page, 'POST', '/api/v1/units', { code: 'ECO', name: 'Economic Crimes', kind: 'bureau' })).status === 201,
    'another bureau is registered');
  check((await pageApi(admin.page, 'POST', '/api/v1/dossiers', { case_number: '2026-EC-0001', title: '挪用公款案 Embezzlement', unit: 'ECO' })).status === 201,
    'with a dossier of its own');

  const { page } = await person(browser);
  await signIn(page, 'wang.li');
  await field(page, 'search-input').type('2026-EC-0001', { delay: 20 });
  await page.locator('[data-test=search-empty]').waitFor();
  check(true, "the other unit's dossier is not found by the case handler's search");
  await field(page, 'search-input').fill('挪用公款案');
  await page.locator('[data-test=search-empty]').waitFor();
  check(true, 'nor by its title');
  await page.goto(`${url}/dossiers/2026-EC-0001`);
  await eventually("its page answers as for a dossier that does not exist", async () =>
    (await page.locator('[data-test=error]').count()) > 0 && !(await page.locator('[data-test=dossier-title]').count()));

  // Another site (another origin: localhost, not 127.0.0.1) with a form that posts to Casetrail, and a fetch.
  const target = `${url}/api/v1/dossiers/2026-CR-0002/checkout`;
  const evil = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><form id=f method=post enctype=text/plain action="${target}">
      <input name='{"to":"wang.li","purpose":"x","due_back":"2027-01-01T00:00:00Z","x":"' value='"}'></form>
      <script>document.getElementById('f').submit()</script>`);
  });
  await new Promise((r) => evil.listen(0, '127.0.0.1', r));
  const evilUrl = `http://localhost:${evil.address().port}/`;
  const tab = await page.context().newPage();
  const answer = tab.waitForResponse((r) => r.url() === target);
  await tab.goto(evilUrl);
  const refused = await answer;
  check(refused.status() === 401 || refused.status() === 403, `the cross-site form POST is refused (${refused.status()})`);
  const fetched = await tab.evaluate(async (t) => {
    try {
      const r = await fetch(t, { method: 'POST', credentials: 'include', mode: 'no-cors', body: '{}' });
      return r.type;
    } catch (e) {
      return String(e);
    }
  }, target);
  console.log(`the cross-site fetch: ${fetched}`);
  evil.close();
  const custody = await pageApi(page, 'GET', '/api/v1/dossiers/2026-CR-0002/custody');
  check(custody.body.custody.state === 'in_archive', 'and the dossier was not checked out');
  await noProblems(page);
});
