import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import { consoleBase, managedDevice } from '../support/organizations.ts';
import { ManualClock } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { assertAccessible, portalAndBrowser, shot, signInAt, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

/**
 * The life of a managed device's seat in the console (issue 15), on a phone-sized screen, in
 * English and Danish: Replace … beside a NO_FREE_SLOTS refusal (the old device gives up its seat
 * when the new one completes), a silent device's notice with Keep, look-alikes to merge,
 * confirmed in place, and a renewal sent as a reserve: shown with when it starts, and undone.
 */
declare const document: { activeElement: unknown };

const skip = SKIP_WITHOUT_CHROMIUM;
const DAY = 86_400_000;
const clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));

let server: TestServer;
let browser: Browser;
portalAndBrowser(
  (s, b) => {
    server = s;
    browser = b;
  },
  { clock },
);

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** An office whose admin speaks `language`, with a product that frees silent devices' seats after 55 days. */
async function office(language: 'en' | 'da') {
  const admin = await server.newCustomer({ language });
  const created = await server.operator.post('/v1/operator/organizations', {
    name: `Seat Life ${language}`,
    admins: [admin.email],
  });
  const org = created.body.id as string;
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: admin.id, role: 'admin' },
    clock.now(),
  );
  const product = await server.createProduct({ business: true, name: 'Small Office Security' });
  const set = await server.operator.patch(`/v1/operator/products/${product.id}`, { inactiveAfter: '55d' });
  assert.equal(set.status, 200);
  const issue = (seats: number) =>
    server.issueSubscription({ product: product.id, organization: org, seats } as any);
  return { org, admin, product, one: await issue(1), spare: await issue(3) };
}

async function holds(
  admin: Customer,
  org: string,
  subscriptionId: string,
  device: { deviceId: string; api: any },
) {
  const sent = await admin.api.post(`${consoleBase(org)}/subscriptions/${subscriptionId}/deliveries`, {
    deviceIds: [device.deviceId],
  });
  const delivery = sent.body.results[0].delivery;
  assert.ok(delivery, JSON.stringify(sent.body));
  assert.equal((await device.api.post(`/v1/device/deliveries/${delivery.id}/complete`)).status, 200);
}

async function lookAlike(admin: Customer, org: string, name: string) {
  const code = (await admin.api.post(`${consoleBase(org)}/connect-codes`, {})).body.code;
  const r = await server.anonymous().post('/v1/device/connect', {
    code,
    name,
    platform: 'macos',
    apps: [{ app: 'seatpost-security', version: '22.1.0' }],
    hardwareId: `serial-${org}`,
  });
  assert.equal(r.status, 201);
}

async function noSideways(page: Page, label: string) {
  assert.equal(
    await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'),
    true,
    `no horizontal scroll: ${label}`,
  );
}

const cases = [
  {
    language: 'en',
    words: en,
    locale: 'en-GB',
    silent: 'Last seen 41 days ago — its seat frees on 25 April 2027 unless it checks in.',
  },
  {
    language: 'da',
    words: da,
    locale: 'da-DK',
    silent:
      'Sidst set for 41 dage siden — dens plads bliver ledig den 5. juni 2027, medmindre den melder sig.',
  },
] as const;

for (const c of cases)
  test(
    `the console replaces a device, keeps a silent one and merges look-alikes (${c.language}, 375 px)`,
    { skip },
    async () => {
      const { words } = c;
      const { org, admin, one, spare } = await office(c.language);
      const old = await managedDevice(server, org, admin, { name: 'Old laptop' });
      const fresh = await managedDevice(server, org, admin, { name: 'New laptop' });
      const storage = await managedDevice(server, org, admin, { name: 'Storage PC' });
      await holds(admin, org, one.id, old);
      await holds(admin, org, spare.id, storage);
      await lookAlike(admin, org, 'Design Mac (old install)');
      clock.advance(1000);
      await lookAlike(admin, org, 'Design Mac');
      // Six weeks without a word from the storage PC (the others check in as they are used below).
      clock.advance(41 * DAY);

      const context = await browser.newContext({ locale: c.locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await signInAt(page, server.url, admin, words);

      // 1. The subscription with one seat: the new laptop is refused, with "Replace Old laptop" beside it.
      await page.goto(`${server.url}/console/${org}/subscriptions/${one.id}`);
      const row = page.getByRole('row', { name: /New laptop/ });
      await row.getByText(words.reasons.NO_FREE_SLOTS).waitFor();
      const replace = row.getByRole('button', {
        name: new RegExp(`^${fill(words.seatLife.remedy.replace, { device: 'Old laptop' })}`),
      });
      await replace.waitFor();
      await assertAccessible(page, `console replace remedy (${c.language})`);
      await noSideways(page, 'the replace remedy');
      await shot(page, `console-seat-life-${c.language}-1-replace`);
      await replace.click();
      await page
        .getByRole('status')
        .filter({
          hasText: fill(words.seatLife.remedy.replacing, { device: 'New laptop', old: 'Old laptop' }),
        })
        .waitFor();
      // Until the new laptop completes, the old one keeps its seat.
      const detail = await admin.api.get(`${consoleBase(org)}/subscriptions/${one.id}`);
      assert.equal(detail.body.seats.used, 1);
      const pending = detail.body.devices.find((d: any) => d.deviceId === fresh.deviceId).delivery;
      assert.deepEqual(
        (await old.api.get('/v1/device/subscriptions')).body.subscriptions.map((s: any) => s.subscriptionId),
        [one.id],
      );
      assert.equal((await fresh.api.post(`/v1/device/deliveries/${pending.id}/complete`)).status, 200);
      // The new laptop is in use: it checks in (written down at once here, by its timer in life).
      assert.equal((await fresh.api.post('/v1/device/check-in', {})).status, 200);
      await server.service.deps.lastSeen.flush();
      assert.deepEqual((await old.api.get('/v1/device/subscriptions')).body.subscriptions, []);
      const history = page.locator('section.seat-history');
      await history
        .getByRole('row', { name: /Old laptop/ })
        .getByText(words.seatLife.history.endedBecause.replaced)
        .waitFor();
      await shot(page, `console-seat-life-${c.language}-2-replaced`);

      // 2. The devices page: the silent storage PC, with Keep.
      await page.goto(`${server.url}/console/${org}/devices`);
      const card = page.locator(`[data-silent-device="${storage.deviceId}"]`);
      await card.getByText(c.silent).waitFor();
      // 3. …and the two records of the design Mac, to merge.
      const offer = page.locator('.merge-suggestion');
      await offer
        .getByText(
          fill(words.seatLife.merge.suggestion, {
            keep: 'Design Mac',
            duplicates: 'Design Mac (old install)',
          }),
        )
        .waitFor();
      await assertAccessible(page, `console devices with notices (${c.language})`);
      await noSideways(page, 'the devices notices');
      await shot(page, `console-seat-life-${c.language}-3-notices`);

      await card
        .getByRole('button', { name: fill(words.consoleSeatLife.silent.keep, { device: 'Storage PC' }) })
        .click();
      await page
        .getByRole('status')
        .filter({ hasText: fill(words.silentDevices.kept, { device: 'Storage PC' }) })
        .waitFor();
      assert.deepEqual((await admin.api.get(`${consoleBase(org)}/silent-devices`)).body.devices, []);

      // Merge…: confirmed in place; Escape backs out to the button.
      const mergeButton = offer.getByRole('button', { name: words.consoleSeatLife.merge.action });
      await mergeButton.click();
      const dialog = offer.getByRole('alertdialog');
      await dialog
        .getByText(
          fill(words.consoleSeatLife.merge.confirm, {
            keep: 'Design Mac',
            duplicates: 'Design Mac (old install)',
          }),
        )
        .waitFor();
      await assertAccessible(page, `console merge confirmation (${c.language})`);
      await noSideways(page, 'the merge confirmation');
      await shot(page, `console-seat-life-${c.language}-4-merge-confirm`);
      await page.keyboard.press('Escape');
      await mergeButton.waitFor();
      assert.equal(await mergeButton.evaluate((b) => b === document.activeElement), true);
      await mergeButton.click();
      await dialog.getByRole('button', { name: words.consoleSeatLife.merge.confirmButton }).click();
      await page
        .getByRole('status')
        .filter({ hasText: fill(words.seatLife.merge.merged, { device: 'Design Mac' }) })
        .waitFor();
      await page.getByRole('row', { name: /Design Mac \(old install\)/ }).waitFor({ state: 'detached' });
      await page.getByRole('row', { name: /Design Mac/ }).waitFor();
      await assertAccessible(page, `console devices after the merge (${c.language})`);
      const audit = await admin.api.get(`${consoleBase(org)}/audit`);
      const actions = audit.body.entries.map((e: any) => e.action);
      assert.ok(actions.includes('device.keep') && actions.includes('device.merge'), actions.join(', '));
      await context.close();
    },
  );

/** When the limited subscription below ends, and so when the renewal waiting behind it starts. */
const ENDS = '2027-09-30T12:00:00Z';
const endsIn = { en: '30 September 2027', da: '30. september 2027' } as const;

for (const c of cases)
  test(
    `the console sends a renewal as a reserve, shows when it starts, and undoes it (${c.language}, 375 px)`,
    { skip },
    async () => {
      const { words } = c;
      const date = endsIn[c.language];
      const { org, admin, product } = await office(c.language);
      const issue = (more: object) =>
        server.issueSubscription({ product: product.id, organization: org, seats: 2, ...more } as any);
      const limited = await issue({ renewal: 'limited', expiresAt: ENDS });
      const renewal = await issue({});
      const pc = await managedDevice(server, org, admin, { name: 'Reception PC' });
      await holds(admin, org, limited.id, pc);

      const context = await browser.newContext({ locale: c.locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await signInAt(page, server.url, admin, words);
      await page.goto(`${server.url}/console/${org}/subscriptions/${renewal.id}`);
      const row = page.getByRole('row', { name: /Reception PC/ });
      await row.getByRole('button', { name: words.seatLife.remedy.reserve }).click();
      const status = page.getByRole('status');
      await status
        .filter({ hasText: fill(words.seatLife.reserve.sent, { device: 'Reception PC', date }) })
        .waitFor();
      // The row says it waits, and from when; the device keeps what it has until then.
      const starts = row.getByText(fill(words.seatLife.reserve.startsOn, { date }));
      await starts.waitFor();
      await row.getByText(words.seatLife.reserve.waiting).waitFor();
      await assertAccessible(page, `console waiting reserve (${c.language})`);
      await noSideways(page, 'the waiting reserve');
      await shot(page, `console-seat-life-${c.language}-5-reserve`);
      assert.deepEqual(
        (await pc.api.get('/v1/device/subscriptions')).body.subscriptions.map((s: any) => s.subscriptionId),
        [limited.id],
      );

      await row.getByRole('button', { name: words.seatLife.reserve.undo }).click();
      await status
        .filter({ hasText: fill(words.seatLife.reserve.undone, { device: 'Reception PC' }) })
        .waitFor();
      await starts.waitFor({ state: 'detached' });
      // Nothing waits any more, so Send as reserve is offered again.
      await row.getByRole('button', { name: words.seatLife.remedy.reserve }).waitFor();
      await assertAccessible(page, `console reserve undone (${c.language})`);
      const detail = await admin.api.get(`${consoleBase(org)}/subscriptions/${renewal.id}`);
      assert.equal(
        detail.body.devices.find((d: any) => d.deviceId === pc.deviceId),
        undefined,
      );
      await context.close();
    },
  );
