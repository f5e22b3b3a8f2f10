import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM, signInAt } from './browser.ts';

const skip = SKIP_WITHOUT_CHROMIUM;
const FLEET = 120;

let server: TestServer;
let browser: Browser;
portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** An organization with more managed devices than a page shows, and an admin who speaks `language`. */
async function office(language: 'en' | 'da') {
  const admin = await server.newCustomer({
    language,
    name: language === 'da' ? 'Mette Hansen' : 'Ann Admin',
  });
  const org = (
    await server.operator.post('/v1/operator/organizations', {
      name: `Fleet ${language}`,
      admins: [admin.email],
    })
  ).body.id as string;
  const db = server.service.deps.db;
  await upsertMembership(db, { organizationId: org, accountId: admin.id, role: 'admin' }, new Date());
  const now = Date.now();
  await db
    .insertInto('devices')
    .values(
      Array.from({ length: FLEET }, (_, i) => ({
        id: `${org}-d${i}`,
        account_id: admin.id,
        organization_id: org,
        name: i === 7 ? 'pc_07 reception' : `Laptop ${String(i).padStart(3, '0')}`,
        platform: i % 2 ? 'macos' : 'windows',
        region: null,
        token_hash: null,
        group_name: i % 4 ? 'Floor 1' : null,
        connected_at: new Date(now),
        last_seen_at: new Date(now - i * 60_000),
      })),
    )
    .execute();
  const product = await server.createProduct({ business: true, name: 'Small Office Security' });
  const subscription = await server.issueSubscription({
    product: product.id,
    organization: org,
    seats: 500,
  } as any);
  await db
    .insertInto('device_apps')
    .values(
      Array.from({ length: FLEET }, (_, i) => ({
        device_id: `${org}-d${i}`,
        app: 'seatpost-security',
        version: '22.1.0',
      })),
    )
    .execute();
  return { admin, org, subscription };
}

const signIn = (page: Page, c: Customer, words: typeof en) => signInAt(page, server.url, c, words);

/** No sideways scrolling: the page is no wider than the window. */
async function fitsWidth(page: Page, label: string) {
  const [scroll, width] = await page.evaluate(() => {
    const w = globalThis as any;
    return [w.document.documentElement.scrollWidth as number, w.innerWidth as number];
  });
  assert.ok(scroll <= width, `${label}: ${scroll} px wide in a ${width} px window`);
}

for (const [language, words] of [
  ['en', en],
  ['da', da],
] as const) {
  describe(`the console at fleet scale in ${language === 'en' ? 'English' : 'Danish'}`, { skip }, () => {
    test('devices paged, searched and sorted on the server; invitations resent and revoked; 375 px', async () => {
      const o = await office(language);
      const context = await browser.newContext({
        locale: language === 'da' ? 'da-DK' : 'en-GB',
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      await signIn(page, o.admin, words);
      await page.goto(`${server.url}/console/${o.org}/devices`);
      const rows = page.getByRole('table').getByRole('row');
      await page.getByRole('cell', { name: /Laptop 000/ }).waitFor();
      assert.equal(await rows.count(), 51, 'a page of 50 and the header');
      await page.getByRole('button', { name: words.consoleFleet.loadMore }).click();
      await page.getByText(words.consoleFleet.shown_other.replace('{{count}}', '100')).waitFor();
      await assertAccessible(page, 'console devices, paged');

      // Sorted by last seen, oldest first: the server's order over the whole fleet, not the page.
      await page
        .getByLabel(words.consoleFleet.sortBy)
        .selectOption({ label: words.consoleFleet.sort['lastSeen-asc'] });
      await page.getByRole('cell', { name: new RegExp(`Laptop ${FLEET - 1}`) }).waitFor();
      assert.match((await rows.nth(1).textContent()) ?? '', new RegExp(`Laptop ${FLEET - 1}`));

      // Search is literal ("_" is no wildcard) and covers every page.
      await page.getByLabel(words.consoleFleet.search).fill('pc_0');
      await page.getByText(words.consoleFleet.shown_one.replace('{{count}}', '1')).waitFor();
      await page.getByRole('cell', { name: /pc_07 reception/ }).waitFor();
      await shot(page, `console-fleet-${language}-devices`);
      await page.setViewportSize({ width: 375, height: 800 });
      await fitsWidth(page, 'devices');
      await page.setViewportSize({ width: 1280, height: 900 });

      // Members: an invitation sent again, then taken back.
      await page.goto(`${server.url}/console/${o.org}/members`);
      await page.getByLabel(words.auth.email).fill('new.colleague@example.com');
      await page.getByLabel(words.consoleFleet.role).selectOption('member');
      await page.getByRole('button', { name: words.console.invite }).click();
      const card = page.getByRole('listitem').filter({ hasText: 'new.colleague@example.com' });
      await card.getByRole('button', { name: words.consoleFleet.resend }).click();
      await page
        .getByText(words.consoleFleet.resent.replace('{{email}}', 'new.colleague@example.com'))
        .waitFor();
      await assertAccessible(page, 'console members with an invitation');
      await page.setViewportSize({ width: 375, height: 800 });
      await fitsWidth(page, 'members');
      await shot(page, `console-fleet-${language}-members-375`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await card.getByRole('button', { name: words.consoleFleet.revoke }).click();
      await page
        .getByText(words.consoleFleet.revoked.replace('{{email}}', 'new.colleague@example.com'))
        .waitFor();
      await card.waitFor({ state: 'detached' });

      // The audit log says it in sentences, with names, in the reader's language.
      await page.goto(`${server.url}/console/${o.org}/audit`);
      const actor = language === 'da' ? 'Mette Hansen' : 'Ann Admin';
      await page
        .getByText(
          words.consoleFleet.audit['invitation.resend']
            .replace('{{actor}}', actor)
            .replace('{{email}}', 'new.colleague@example.com'),
        )
        .waitFor();
      await page
        .getByText(
          words.consoleFleet.audit['invitation.revoke']
            .replace('{{actor}}', actor)
            .replace('{{email}}', 'new.colleague@example.com'),
        )
        .waitFor();
      // Nothing recorded before today: an empty period says so. The day is typed the page's way
      // (day, month, year in both languages), whatever the browser's own locale.
      const to = page.getByRole('group', { name: words.consoleFleet.to, exact: true }).first();
      await to.getByRole('spinbutton').first().click();
      await page.keyboard.type('01012020');
      await page.getByText(words.consoleFleet.noEntries).waitFor();
      assert.equal(
        (await to.innerText()).replace(/\s/g, ''),
        language === 'da' ? '1.1.2020' : '01/01/2020',
        "the day written as the page's language writes it",
      );
      await assertAccessible(page, 'console audit');
      // …or picked from a calendar, in the page's language too.
      const from = page.getByRole('group', { name: words.consoleFleet.from, exact: true }).first();
      await from.getByRole('button', { name: words.dialogs.date.open }).click();
      await page.getByRole('dialog').getByRole('grid').waitFor();
      await assertAccessible(page, 'console audit, calendar open');
      await shot(page, `console-fleet-${language}-audit-calendar`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.setViewportSize({ width: 375, height: 800 });
      await fitsWidth(page, 'audit');
      await shot(page, `console-fleet-${language}-audit-375`);

      // The send page of a whole fleet, on a phone: no sideways scrolling either.
      await page.goto(`${server.url}/console/${o.org}/subscriptions/${o.subscription.id}`);
      await page.getByRole('row', { name: /pc_07 reception/ }).waitFor();
      await page.getByText(words.consoleFleet.deliveries, { exact: true }).click();
      await page.getByText(words.consoleFleet.noDeliveries).waitFor();
      await fitsWidth(page, 'subscription');
      await assertAccessible(page, 'console subscription at 375 px');
      await shot(page, `console-fleet-${language}-subscription-375`);
      await context.close();
    });
  });
}
