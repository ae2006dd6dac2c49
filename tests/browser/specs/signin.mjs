// SPDX-FileCopyrightText: 2026 The Casetrail authors
// SPDX-License-Identifier: MulanPSL-2.0

// Sign in and out as a clerk does: a wrong password is told and what was typed stays; the session lives
// in an HttpOnly, SameSite=Strict cookie no script sees; signing out ends it, also for a reload.

import { check, eventually, field, noProblems, password, person, screenshot, signIn, signOut, spec, url } from '../lib.mjs';

await spec(async (browser) => {
  const { context, page } = await person(browser);
  await page.goto(`${url}/dossiers/2026-CR-0003`);
  await field(page, 'signin-login').waitFor();
  check((await page.locator('html').getAttribute('lang')) === 'zh-CN', 'the page is in Chinese first (lang=zh-CN)');
  await screenshot(page, 'signin');

  await signIn(page, 'liu.yang', { as: 'not the password' });
  await page.locator('[data-test=error]').waitFor();
  const error = await page.locator('[data-test=error]').innerText();
  check(error.length > 0, `a refused sign-in shows the server's message ("${error.replace(/\s+/g, ' ')}")`);
  check((await field(page, 'signin-login').inputValue()) === 'liu.yang', 'the login typed stays in its field');

  await signIn(page, 'liu.yang');
  await eventually('after signing in, the page asked for opens', async () => page.url().endsWith('/dossiers/2026-CR-0003'));
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'ct_session');
  check(session && session.httpOnly, 'the session cookie is HttpOnly');
  check(session && session.sameSite === 'Strict', 'the session cookie is SameSite=Strict');
  check(!(await page.evaluate(() => document.cookie)).includes('ct_session'), "no script can read the session's token");
  check(!(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).includes('ct_'),
    'no token is kept in the browser storage');

  // One's own password, changed in its dialog; the old one is refused from then on.
  const fresh = 'a brand new passphrase 2026';
  await page.locator('[data-test=change-password]').click();
  await field(page, 'password-current').fill(password);
  await field(page, 'password-new').fill(fresh);
  await field(page, 'password-repeat').fill(fresh);
  await page.locator('[data-test=password-submit]').click();
  await page.locator('[data-test=password-dialog]').waitFor({ state: 'hidden' });
  check(true, 'the password is changed from its dialog');

  await signOut(page);
  await signIn(page, 'liu.yang', { wait: false });
  await page.locator('[data-test=error]').waitFor();
  check(true, 'the old password is refused');
  await signIn(page, 'liu.yang', { as: fresh });
  await page.locator('[data-test=sign-out]').waitFor();
  check(true, 'the new one signs in');

  await signOut(page);
  await page.reload();
  await field(page, 'signin-login').waitFor();
  check(true, 'after signing out, a reload asks to sign in again');
  const after = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  check(after === 401, 'the old session is refused by the server (401)');
  await noProblems(page);
});
