import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import type { TestServer } from '../support/server.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;

portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function signIn(page: Page, c: { email: string; password: string }, words: typeof en) {
  await page.goto(server.url);
  await page.getByLabel(words.auth.email).fill(c.email);
  await page.getByLabel(words.auth.password).fill(c.password);
  await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));

describe('account security in the browser', { skip }, () => {
  test('Dansk picked on the sign-in page becomes the account’s; the unverified notice; reset by emailed link; a used link says so', async () => {
    const c = await server.newCustomer({ language: 'en', verified: false });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByLabel(da.auth.email).fill(c.email);
    await page.getByLabel(da.auth.password).fill(c.password);
    await page.getByRole('button', { name: da.auth.signIn, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: da.subscriptions.title }).waitFor();
    assert.equal((await c.api.get('/v1/me')).body.language, 'da', 'the choice is the account’s');
    await page.getByText(fill(da.accounts.verify.pending, { email: c.email })).waitFor();
    await page.getByRole('button', { name: da.accounts.verify.resend }).click();
    await page.getByText(da.accounts.verify.resent).waitFor();
    await assertAccessible(page, 'unverified notice');
    await page.getByRole('button', { name: da.app.signOut }).click();

    // Forgot the password: the request page, the mail in Danish, the reset page with strength.
    await page.getByRole('link', { name: da.accounts.forgot }).click();
    await page.getByRole('heading', { level: 1, name: da.accounts.reset.requestTitle }).waitFor();
    await page.getByLabel(da.auth.email).fill(c.email);
    await page.getByRole('button', { name: da.accounts.reset.send }).click();
    await page.getByText(fill(da.accounts.reset.sent, { email: c.email })).waitFor();
    await assertAccessible(page, 'forgot password');
    const link = await server.mailedLink(c.email, 'reset-password');
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: da.accounts.reset.title }).waitFor();
    await page.getByLabel(da.accounts.reset.newPassword, { exact: true }).fill('aaaaaaaaaa');
    await page
      .getByText(fill(da.accounts.strength.label, { level: da.accounts.strength.level0 }), { exact: false })
      .waitFor();
    await page.getByRole('button', { name: da.accounts.reset.save }).click();
    await page.getByText(da.errors.PASSWORD_TOO_WEAK).waitFor();
    await page.getByLabel(da.accounts.reset.newPassword, { exact: true }).fill('marble lantern drift 7');
    await page
      .getByText(fill(da.accounts.strength.label, { level: da.accounts.strength.level4 }), { exact: false })
      .waitFor();
    await assertAccessible(page, 'reset password');
    await shot(page, 'account-security-da-reset');
    await page.getByRole('button', { name: da.accounts.reset.save }).click();
    await page.getByText(da.accounts.reset.done).waitFor();
    assert.equal((await c.api.get('/v1/me')).status, 401, 'signed out everywhere');

    // The same link again: a clear page at once, with no form to fill in for nothing.
    await page.goto(link);
    await page.getByText(da.accounts.reset.LINK_INVALID).waitFor();
    assert.equal(await page.getByLabel(da.accounts.reset.newPassword, { exact: true }).count(), 0);
    await assertAccessible(page, 'reset link used');
    // A tampered verification link, in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${server.url}/verify-email?token=not-a-token`);
    await page.getByText(en.accounts.verify.LINK_INVALID).waitFor();
    await assertAccessible(page, 'verification link invalid');
    await context.close();
  });

  for (const [language, words, locale] of [
    ['en', en, 'en-GB'],
    ['da', da, 'da-DK'],
  ] as const)
    test(`the Account page (${language}): two-step verification on with a scanned secret, sign-in asks for the code; sessions listed and ended; the account deleted`, async () => {
      const c = await server.newCustomer({ language });
      const context = await browser.newContext({ locale, viewport: { width: 1000, height: 1200 } });
      const page = await context.newPage();
      await signIn(page, c, words);
      await page.getByRole('link', { name: words.nav.account }).click();
      await page.getByRole('heading', { level: 1, name: words.accounts.page.title }).waitFor();
      await assertAccessible(page, 'account page');

      const twoFactor = page.locator('section', {
        has: page.getByRole('heading', { name: words.accounts.twoFactor.title }),
      });
      await twoFactor.getByLabel(words.auth.password).fill(c.password);
      await twoFactor.getByRole('button', { name: words.accounts.twoFactor.start }).click();
      await page.getByRole('img', { name: words.accounts.twoFactor.qr }).waitFor();
      const secret = (await twoFactor.locator('code.secret').textContent())!;
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), issuer: 'Seatpost' });
      await assertAccessible(page, 'two-step: scan');
      await shot(page, `account-security-${language}-two-factor`);
      await twoFactor.getByRole('textbox', { name: words.accounts.twoFactor.confirm }).fill(totp.generate());
      await twoFactor.getByRole('button', { name: words.accounts.twoFactor.turnOn }).click();
      await page.getByText(words.accounts.twoFactor.turnedOn).waitFor();

      // Another browser: password, then the code.
      const other = await browser.newContext({ locale });
      const second = await other.newPage();
      await signIn(second, c, words);
      await second.getByRole('heading', { level: 1, name: words.accounts.twoFactor.title }).waitFor();
      await assertAccessible(second, 'two-step sign-in');
      await second.getByLabel(words.accounts.twoFactor.code).fill('000000');
      await second.getByRole('button', { name: words.accounts.twoFactor.verify }).click();
      await second.getByText(words.errors.TWO_FACTOR_INVALID).waitFor();
      await second.getByLabel(words.accounts.twoFactor.code).fill(totp.generate());
      await second.getByRole('button', { name: words.accounts.twoFactor.verify }).click();
      await second.getByRole('heading', { level: 1, name: words.subscriptions.title }).waitFor();

      // The first browser lists both sessions (and the helper's), and signs the others out.
      await page.reload();
      const sessions = page.locator('section', {
        has: page.getByRole('heading', { name: words.accounts.sessions.title }),
      });
      await sessions.getByText(words.accounts.sessions.current).waitFor();
      assert.equal(await sessions.locator('li').count(), 3);
      await assertAccessible(page, 'sessions');
      await sessions.getByRole('button', { name: words.accounts.sessions.endOthers }).click();
      await sessions.getByText(words.accounts.sessions.ended).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.sessions li').length === 1);
      await second.reload();
      await second.getByRole('heading', { level: 1, name: words.auth.signIn }).waitFor();
      await other.close();

      // Their own data: the export link, then deleting the account with the password and a code.
      const ownData = page.locator('section', {
        has: page.getByRole('heading', { name: words.accounts.ownData.title }),
      });
      assert.equal(
        await ownData.getByRole('link', { name: words.accounts.ownData.export }).getAttribute('href'),
        '/v1/me/export',
      );
      await ownData.getByLabel(words.auth.password).fill(c.password);
      await ownData.getByLabel(words.accounts.ownData.code).fill(totp.generate());
      await assertAccessible(page, 'your data');
      await ownData.getByRole('button', { name: words.accounts.ownData.delete }).click();
      await page.getByRole('heading', { level: 1, name: words.auth.signIn }).waitFor();
      const gone = await server
        .anonymous()
        .post('/v1/auth/sign-in', { email: c.email, password: c.password });
      assert.equal(gone.status, 401);
      await context.close();
    });
});

declare const document: { querySelectorAll(s: string): { length: number } };
