import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { activate } from '../support/seat-life.ts';
import { consoleBase, managedDevice, newOrganization } from '../support/organizations.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM, signInAt } from './browser.ts';

/** The page's own document, inside `evaluate` (the tests are type-checked without the DOM library). */
declare const document: { activeElement: unknown };
declare function fetch(url: string, init: object): Promise<{ text(): Promise<string> }>;

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;

portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const signIn = (page: Page, customer: Customer, words: typeof en) =>
  signInAt(page, server.url, customer, words);

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

for (const [language, words] of [
  ['en', en],
  ['da', da],
] as const) {
  describe(
    `lost or stolen, and seat history, in ${language === 'en' ? 'English' : 'Danish'}`,
    { skip },
    () => {
      test('report a device lost; its refused check-in shows on Devices; the seat history says why it ended', async () => {
        const productName = language === 'da' ? 'Seatpost Sikkerhed' : 'Seatpost Security';
        const product = await server.createProduct({ name: productName });
        const customer = await server.newCustomer({ language });
        const sub = await server.subscriptionFor(customer, { product: product.id, seats: 2 });
        const laptop = await server.newDevice(customer, { name: 'Laptop' });
        const desktop = await server.newDevice(customer, { name: 'Desktop' });
        await activate(server, customer, laptop, sub.id);
        await activate(server, customer, desktop, sub.id);

        const context = await browser.newContext({
          locale: language === 'da' ? 'da-DK' : 'en-GB',
          viewport: { width: 1100, height: 900 },
        });
        const page = await context.newPage();
        await signIn(page, customer, words);
        await page.getByRole('link', { name: words.nav.devices }).click();
        const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Laptop' }) });
        await card.waitFor();

        // Lost or stolen…: a confirmation first; Escape backs out to the button.
        const action = card.getByRole('button', { name: words.seatLife.lost.action });
        await action.click();
        const dialog = card.getByRole('alertdialog');
        await dialog.getByText(fill(words.seatLife.lost.confirm, { device: 'Laptop' })).waitFor();
        await assertAccessible(page, 'lost: confirm');
        await shot(page, `seat-life-${language}-1-confirm-lost`);
        await page.keyboard.press('Escape');
        await action.waitFor();
        assert.equal(await action.evaluate((b) => b === document.activeElement), true);
        await action.click();
        await dialog.getByRole('button', { name: words.seatLife.lost.confirmButton }).click();

        // Its card is gone; it is listed as lost, quiet so far.
        const lost = page.locator('[data-lost-device]', {
          has: page.getByRole('heading', { name: 'Laptop' }),
        });
        await page.getByRole('heading', { name: words.seatLife.lost.heading }).waitFor();
        await lost.getByText(words.seatLife.lost.quiet).waitFor();
        await page
          .locator('.card', { has: page.getByRole('heading', { name: 'Laptop' }) })
          .and(page.locator('[data-device]'))
          .waitFor({ state: 'detached' });

        // The thief's copy of the app tries to check in: refused, and the page shows when and from where.
        const refused = await laptop.api.post('/v1/device/check-in', {});
        assert.equal(refused.body.code, 'DEVICE_TOKEN_REVOKED');
        await page.reload();
        await lost.locator('.refused').waitFor();
        const said = await lost.locator('.refused').innerText();
        const prefix = words.seatLife.lost.tried.split('{{date}}')[0]!;
        assert.ok(said.startsWith(prefix), said);
        assert.ok(said.endsWith('127.0.0.1'), said);
        await lost.getByText(fill(words.seatLife.lost.attempts_one, { count: '1' })).waitFor();
        await assertAccessible(page, 'devices with a lost one');
        await shot(page, `seat-life-${language}-2-lost-device`);

        // The subscription page: seat history with why each holding ended, and the CSV.
        await page.getByRole('link', { name: words.nav.subscriptions }).click();
        await page.getByRole('link', { name: productName }).click();
        const history = page.locator('section.seat-history');
        await history.getByRole('heading', { name: words.seatLife.history.title }).waitFor();
        const rows = history.locator('tbody tr');
        await rows.nth(1).waitFor();
        assert.deepEqual(
          (await rows.allInnerTexts()).map((r) => [r.split('\t')[0], r.split('\t')[3]]),
          [
            ['Laptop', words.seatLife.history.endedBecause.lost],
            ['Desktop', words.seatLife.history.held],
          ],
        );
        const csvLink = history.getByRole('link', { name: words.seatLife.history.csv });
        const csvHref = await csvLink.getAttribute('href');
        assert.equal(csvHref, `/v1/me/subscriptions/${sub.id}/seat-history.csv`);
        const csv = await page.evaluate(
          async (url) => (await fetch(url, { credentials: 'same-origin' })).text(),
          csvHref,
        );
        assert.equal(csv.split('\r\n')[0], 'device_id,device_name,from,to,ended_because');
        assert.match(csv, /,Laptop,.*,lost\r\n/);
        await assertAccessible(page, 'subscription with seat history');
        await shot(page, `seat-life-${language}-3-seat-history`);
        await context.close();
      });
    },
  );
}

describe('lost or stolen in the console, for a managed device', { skip }, () => {
  test('an admin reports it lost from the device list: it leaves the list, its seat is free, its token refused', async () => {
    const { org, admin, subscription } = await newOrganization(server, 'Lost Things ApS');
    const pc = await managedDevice(server, org, admin, { name: 'Reception PC' });
    await managedDevice(server, org, admin, { name: 'Boss Mac', platform: 'macos' });
    const sent = await admin.api.post(`${consoleBase(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [pc.deviceId],
    });
    await pc.api.post(`/v1/device/deliveries/${sent.body.results[0].delivery.id}/complete`);

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, admin, en);
    await page.goto(`${server.url}/console/${org}/devices`);
    const row = page.getByRole('row', { name: /Reception PC/ });
    await row.waitFor();
    await assertAccessible(page, 'console devices with Lost or stolen');
    // Asked in the page's own dialog: a native one fails the test.
    const native: string[] = [];
    page.on('dialog', (d) => {
      native.push(d.message());
      void d.dismiss();
    });
    await row.getByRole('button', { name: en.seatLife.console.lost }).click();
    const asked = page.getByRole('alertdialog', {
      name: fill(en.dialogs.lost.title, { device: 'Reception PC' }),
    });
    await asked.getByText(fill(en.seatLife.console.confirm, { device: 'Reception PC' })).waitFor();
    await assertAccessible(page, 'console, Lost or stolen asked in a dialog');
    await asked.getByRole('button', { name: en.seatLife.lost.confirmButton }).click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual(native, [], 'no native dialog');
    await page.getByRole('row', { name: /Boss Mac/ }).waitFor();
    await shot(page, 'seat-life-console-lost');
    assert.equal((await pc.api.post('/v1/device/check-in', {})).body.code, 'DEVICE_TOKEN_REVOKED');
    const seats = (await admin.api.get(`${consoleBase(org)}/subscriptions/${subscription.id}`)).body.seats;
    assert.equal(seats.used, 0);
    await context.close();
  });
});
