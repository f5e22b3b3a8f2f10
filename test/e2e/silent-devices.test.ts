import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import {
  WEB_ROOT,
  assertAccessible,
  ensurePortalBuilt,
  launch,
  shot,
  SKIP_WITHOUT_CHROMIUM,
} from './browser.ts';

const skip = SKIP_WITHOUT_CHROMIUM;
const DAY = 86_400_000;
// The server's clock: the device was last seen on 1 March, and it is now 41 days later.
const clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));

let server: TestServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  ensurePortalBuilt();
  server = await startTestServer({ webRoot: WEB_ROOT, clock });
  browser = await launch();
  const made = await server.operator.post('/v1/operator/products', {
    id: 'silent-e2e',
    name: 'Seatpost Total',
    app: 'seatpost-security',
    appVersions: '>=21.0.0 <23',
    regions: [],
    business: false,
    perUserService: false,
    inactiveAfter: '55d',
  });
  assert.equal(made.status, 201);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A customer with a device that holds the product and has been silent for 41 days. */
async function silentDevice(language: 'en' | 'da', name: string): Promise<Customer> {
  const customer = await server.newCustomer({ language });
  const sub = await server.subscriptionFor(customer, { product: 'silent-e2e', seats: 2 });
  const device = await server.newDevice(customer, { name });
  const id = (await server.send(customer, sub.id, [device.deviceId])).body.results[0].delivery.id;
  await device.api.post(`/v1/device/deliveries/${id}/ack`);
  assert.equal((await device.api.post(`/v1/device/deliveries/${id}/complete`)).status, 200);
  return customer;
}

async function signIn(page: Page, customer: Customer, words: typeof en) {
  await page.goto(server.url);
  await page.getByLabel(words.auth.email).fill(customer.email);
  await page.getByLabel(words.auth.password).fill(customer.password);
  await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
  await page.getByRole('link', { name: words.nav.devices }).click();
}

describe(`a silent device in the browser (${DIALECT})`, { skip }, () => {
  test('the notice with its date, and Keep, in English and in Danish, accessible', async () => {
    const english = await silentDevice('en', 'Old laptop');
    const danish = await silentDevice('da', 'Gamle bærbar');
    clock.set(new Date('2027-04-11T09:00:00Z'));
    // 41 days silent, inactiveAfter 55 days: its seat frees on 25 April, unless it checks in.
    const cases = [
      {
        customer: english,
        words: en,
        locale: 'en-GB',
        text: 'Last seen 41 days ago — its seat frees on 25 April 2027 unless it checks in.',
      },
      {
        customer: danish,
        words: da,
        locale: 'da-DK',
        text: 'Sidst set for 41 dage siden — dens plads bliver ledig den 25. april 2027, medmindre den melder sig.',
      },
    ] as const;
    for (const c of cases) {
      const context = await browser.newContext({ locale: c.locale, viewport: { width: 1000, height: 900 } });
      const page = await context.newPage();
      await signIn(page, c.customer, c.words);
      const notice = page.getByText(c.text);
      await notice.waitFor();
      await assertAccessible(page, `the silent device (${c.locale})`);
      await shot(page, `silent-device-${c.locale}`);
      await page.getByRole('button', { name: c.words.silentDevices.keep }).click();
      await page
        .getByRole('status')
        .filter({ hasText: c.words.silentDevices.kept.split('{{device}}')[1]!.trim() })
        .waitFor();
      assert.equal(await notice.count(), 0);
      await assertAccessible(page, `the kept device (${c.locale})`);
      // Kept: after a reload it is no longer shown as silent.
      await page.reload();
      await page
        .getByRole('heading', { level: 2, name: c.customer === english ? 'Old laptop' : 'Gamle bærbar' })
        .waitFor();
      assert.equal(await page.getByRole('button', { name: c.words.silentDevices.keep }).count(), 0);
      await context.close();
    }
    const kept = await server.service.store.db.selectFrom('device_keeps').select('device_id').execute();
    assert.equal(kept.length, 2);
    clock.advance(DAY);
  });
});
