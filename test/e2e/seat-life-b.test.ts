import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { activate, currentOn, seatsOf } from '../support/seat-plans.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM, signInAt } from './browser.ts';

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;

portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const signIn = (page: Page, customer: Customer, words: typeof en) =>
  signInAt(page, server.url, customer, words);

const panel = (page: Page, device: string) =>
  page.locator('.device-panel', { has: page.getByRole('heading', { name: device }) });

for (const [language, words] of [
  ['en', en],
  ['da', da],
] as const)
  test(
    `the portal replaces a device from the pre-flight, then removes the subscription from it (${language})`,
    { skip },
    async () => {
      const product = await server.createProduct({ name: 'Seatpost Security' });
      const customer = await server.newCustomer({ language });
      const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
      const old = await server.newDevice(customer, { name: 'Old laptop' });
      await activate(server, customer, sub.id, old);
      const fresh = await server.newDevice(customer, { name: 'New laptop' });

      const context = await browser.newContext({ locale: language === 'da' ? 'da-DK' : 'en-GB' });
      const page = await context.newPage();
      await signIn(page, customer, words);
      await page.goto(`${server.url}/subscriptions/${sub.id}`);
      await page.getByRole('heading', { name: words.myDevices.title }).waitFor();
      await page.getByRole('button', { name: words.send.sendToDevice }).click();
      await page.getByRole('tab', { name: words.send.connectedDevice }).click();
      await page.getByRole('button', { name: words.send.sendSubscription }).click();
      assert.equal(await page.getByRole('checkbox', { name: /New laptop/ }).isDisabled(), true);
      // Beside the reason, the one-click fix: replace the device that holds the seat.
      const replace = page.getByRole('button', {
        name: new RegExp(words.seatLife.remedy.replace.replace('{{device}}', 'Old laptop')),
      });
      await replace.waitFor();
      await assertAccessible(page, `the pre-flight with a replace remedy (${language})`);
      await shot(page, `seat-life-b-replace-${language}`);
      await replace.click();
      await page
        .getByText(words.seatLife.remedy.replacing.split('{{device}}')[0]!.trim(), { exact: false })
        .waitFor();
      assert.deepEqual(await seatsOf(customer, sub.id), { total: 1, used: 1, reserved: 0 });
      assert.deepEqual(await currentOn(old), [sub.id]);

      // The new laptop applies it: the old one's seat is handed over, and My devices says so.
      const pending = (await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.devices.find(
        (d: any) => d.deviceId === fresh.deviceId,
      ).delivery;
      assert.equal((await fresh.api.post(`/v1/device/deliveries/${pending.id}/complete`)).status, 200);
      await panel(page, 'Old laptop').getByText(words.seatLife.history.endedBecause.replaced).waitFor();

      // Remove it from the new laptop, which stays connected.
      const newPanel = panel(page, 'New laptop');
      await newPanel
        .getByRole('button', {
          name: words.seatLife.revoke.action.replace('{{product}}', 'Seatpost Security'),
        })
        .click();
      await assertAccessible(page, `the revoke confirmation (${language})`);
      await newPanel.getByRole('button', { name: words.seatLife.revoke.confirmButton }).click();
      await newPanel.getByText(words.seatLife.history.endedBecause.revoked).waitFor();
      assert.deepEqual(await seatsOf(customer, sub.id), { total: 1, used: 0, reserved: 0 });
      assert.deepEqual(await currentOn(fresh), []);
      assert.equal((await fresh.api.post('/v1/device/check-in', {})).status, 200);
      await assertAccessible(page, `My devices after the revoke (${language})`);
      await shot(page, `seat-life-b-revoked-${language}`);
      await context.close();
    },
  );
