import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

/**
 * Help and customer service in the portal (issue 18, item 3): Help in the header of every page,
 * signed in or not, in both languages; a short reference from Help stands for the account, and
 * one beside a refusal also for the subscription, device and reasons. Support opens it with the
 * operator key.
 */
const skip = SKIP_WITHOUT_CHROMIUM;
const REFERENCE = /SP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/;

let server: TestServer;
let browser: Browser;
portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function signIn(page: Page, customer: Customer, words: typeof en) {
  await page.getByLabel(words.auth.email).fill(customer.email);
  await page.getByLabel(words.auth.password).fill(customer.password);
  await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: words.subscriptions.title }).waitFor();
}

async function lookUp(reference: string) {
  const r = await server.operator.get(`/v1/operator/support/references/${reference}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

for (const [language, words, locale] of [
  ['en', en, 'en-GB'],
  ['da', da, 'da-DK'],
] as const) {
  describe(`Help and customer service (${language})`, { skip }, () => {
    test('Help is in the header before and after sign-in, and gives a reference for the account', async () => {
      const customer = await server.newCustomer({ language, name: 'Karen Jensen' });
      const context = await browser.newContext({ locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await page.goto(server.url);

      // Signed out: the contact, and why there is no reference yet.
      const help = page.getByRole('button', { name: words.support.help, exact: true });
      await help.click();
      const dialog = page.getByRole('dialog', { name: words.support.helpTitle });
      await dialog.waitFor();
      const write = dialog.getByRole('link', {
        name: words.support.writeTo.replace('{{address}}', 'support@seatpost.example'),
      });
      assert.equal(await write.getAttribute('href'), 'mailto:support@seatpost.example');
      await dialog.getByText(words.support.signInForReference).waitFor();
      assert.equal(await dialog.getByRole('button', { name: words.support.getReference }).count(), 0);
      await assertAccessible(page, `help signed out (${language})`);
      await shot(page, `support-${language}-help-signed-out`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      // Signed in: a reference to quote, in the mail's subject too.
      await signIn(page, customer, words);
      await help.click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: words.support.getReference }).click();
      const shown = dialog.locator('.reference');
      await shown.waitFor();
      const reference = (await shown.textContent())!;
      assert.match(reference, REFERENCE);
      const href = (await dialog
        .getByRole('link', { name: /support@seatpost\.example/ })
        .getAttribute('href'))!;
      assert.ok(decodeURIComponent(href).includes(reference), href);
      await assertAccessible(page, `help signed in (${language})`);
      await shot(page, `support-${language}-help-reference`);
      await dialog.getByRole('button', { name: words.support.close }).click();
      await dialog.waitFor({ state: 'hidden' });
      // The focus goes back to Help.
      assert.equal(await help.evaluate((el) => el === el.ownerDocument.activeElement), true);

      const seen = await lookUp(reference.toLowerCase().replaceAll('-', ''));
      assert.equal(seen.account.email, customer.email);
      assert.equal(seen.subscription, null);
      assert.equal(seen.device, null);
      await context.close();
    });

    test('beside a refusal, the reference stands for the subscription, device and reasons', async () => {
      const product = await server.createProduct({ name: 'Seatpost Security', appVersions: '>=21.0.0 <23' });
      const customer = await server.newCustomer({ language });
      const sub = await server.subscriptionFor(customer, { product: product.id, seats: 5 });
      const old = await server.newDevice(customer, {
        name: 'Old netbook',
        apps: [{ app: 'seatpost-security', version: '20.3.0' }],
      });
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(server.url);
      await signIn(page, customer, words);
      await page.goto(`${server.url}/subscriptions/${sub.id}`);
      await page.getByRole('button', { name: words.send.sendToDevice }).click();
      await page.getByRole('button', { name: words.send.sendSubscription }).click();
      await page.getByText(words.reasons.INCOMPATIBLE_APP_VERSION).first().waitFor();

      const contact = page.getByRole('button', { name: words.support.contact }).first();
      await contact.click();
      assert.equal(await contact.getAttribute('aria-expanded'), 'true');
      const shown = page.locator('.support .reference').first();
      await shown.waitFor();
      const reference = (await shown.textContent())!;
      assert.match(reference, REFERENCE);
      await assertAccessible(page, `contact customer service beside a refusal (${language})`);
      await shot(page, `support-${language}-refusal-reference`);

      const seen = await lookUp(reference);
      assert.equal(seen.account.id, customer.id);
      assert.equal(seen.subscription.id, sub.id);
      assert.equal(seen.subscription.product.name, 'Seatpost Security');
      assert.equal(seen.device.id, old.deviceId);
      assert.equal(seen.device.name, 'Old netbook');
      assert.ok(seen.reasons.includes('INCOMPATIBLE_APP_VERSION'), JSON.stringify(seen.reasons));
      await context.close();
    });
  });
}
