import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM, signInAt } from './browser.ts';

/** The page's own document, inside `page.evaluate` (the tests are type-checked without the DOM library). */
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;

portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const signIn = (page: Page, customer: Customer, words: typeof en) =>
  signInAt(page, server.url, customer, words);

async function assertNoSidewaysScroll(page: Page, label: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `no sideways scrolling at 375 px on ${label} (overflow ${overflow}px)`);
}

/**
 * Issue 19: reasons that hold for every device are said once, above the list, with their remedy;
 * a subscription that can never be sent is explained instead of listing disabled devices; Send
 * cannot be pressed when nothing can be picked.
 */
for (const [language, words] of [
  ['en', en],
  ['da', da],
] as const)
  describe(`refusals said once, in ${language === 'en' ? 'English' : 'Danish'}`, { skip }, () => {
    test('a trial is explained once instead of a list of disabled devices, and Send cannot be pressed', async () => {
      const product = await server.createProduct({ name: 'Seatpost Security' });
      const vpn = await server.createProduct({ name: 'Seatpost VPN', app: 'seatpost-vpn' });
      const customer = await server.newCustomer({ language });
      const trial = await server.subscriptionFor(customer, { product: product.id, kind: 'trial' });
      const other = await server.subscriptionFor(customer, { product: vpn.id });
      await server.subscriptionFor(customer, { product: product.id, seats: 5 });
      for (const name of ['Laptop', 'Tablet', 'Netbook']) await server.newDevice(customer, { name });
      const context = await browser.newContext({
        locale: language === 'da' ? 'da-DK' : 'en-GB',
        viewport: { width: 375, height: 800 },
      });
      const page = await context.newPage();
      await signIn(page, customer, words);
      // Two subscriptions of one product are told apart on the list (the trial, the paid one).
      const same = page.getByRole('link', { name: /^Seatpost Security/ });
      await same.first().waitFor();
      const names = await same.allTextContents();
      assert.equal(names.length, 2);
      assert.notEqual(names[0], names[1], `told apart: ${names.join(' / ')}`);
      const preflight = async (id: string) => {
        await page.goto(`${server.url}/subscriptions/${id}`);
        await page.getByRole('heading', { name: words.myDevices.title }).waitFor();
        await page.getByRole('button', { name: words.send.sendToDevice }).click();
        await page.getByRole('button', { name: words.send.sendSubscription }).click();
      };

      // A trial can never be sent: said once, no device listed, one way to customer service.
      await preflight(trial.id);
      await page.getByText(words.send.neverSent).waitFor();
      assert.equal(await page.getByText(words.reasons.TRIAL_OR_FREE).count(), 1, 'the reason is said once');
      assert.equal(await page.getByRole('checkbox').count(), 0, 'no list of disabled devices');
      assert.equal(await page.getByRole('button', { name: words.support.contact }).count(), 1);
      const send = page.getByRole('button', { name: words.send.send, exact: true });
      assert.equal(await send.isDisabled(), true, 'Send is disabled when nothing can be picked');
      await page.getByText(words.send.nothingToPick).waitFor();
      const tall = (await page.locator('#send-panel').boundingBox())!.height;
      assert.ok(tall < 700, `the dialog stays short on a phone (${tall}px)`);
      await assertNoSidewaysScroll(page, `${language} a trial's pre-flight`);
      await assertAccessible(page, `a trial's pre-flight (${language})`);
      await shot(page, `refusal-once-${language}-trial`);

      // No device has the app: the reason and its remedy once above, the devices listed, none pickable.
      await preflight(other.id);
      await page.getByText(words.send.noneCanReceive).waitFor();
      assert.equal(
        await page.getByText(words.reasons.APP_NOT_INSTALLED).count(),
        1,
        'the reason is said once',
      );
      assert.equal(await page.getByRole('button', { name: words.seatLife.remedy.downloadLink }).count(), 1);
      assert.equal(await page.getByRole('checkbox').count(), 3);
      assert.equal(await page.getByRole('checkbox', { disabled: true }).count(), 3);
      assert.equal(await page.getByRole('button', { name: words.support.contact }).count(), 1);
      assert.equal(await send.isDisabled(), true, 'Send is disabled when nothing can be picked');
      await assertAccessible(page, `a pre-flight no device can receive (${language})`);
      await shot(page, `refusal-once-${language}-no-app`);
      await context.close();
    });
  });
