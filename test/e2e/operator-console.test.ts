import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import { activate } from '../support/seat-plans.ts';
import type { TestServer } from '../support/server.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

/**
 * The support console at /operator (issue 18, item 2), in Chromium at a phone's width, in both
 * languages, with axe: a member of staff signs in with two-step verification, finds a customer by
 * the reference they quote and by address, sees their deliveries, and frees a seat with a reason.
 */
const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;
portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** A member of staff with two-step verification on; the authenticator is `otpauth`. */
async function staffMember(language: 'en' | 'da') {
  const c = await server.newCustomer({ language, name: 'Sofie Support' });
  assert.equal(
    (await server.operator.post('/v1/operator/staff', { email: c.email, role: 'admin' })).status,
    201,
  );
  const started = await c.api.post('/v1/me/two-factor', { password: c.password });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const totp = OTPAuth.URI.parse(started.body.otpauthUri) as OTPAuth.TOTP;
  assert.equal((await c.api.post('/v1/me/two-factor/confirm', { code: totp.generate() })).status, 200);
  return { ...c, totp };
}

for (const [language, words, locale] of [
  ['en', en, 'en-GB'],
  ['da', da, 'da-DK'],
] as const) {
  const o = words.operator;
  describe(`support console (${language})`, { skip }, () => {
    test('staff sign in with two steps, find a customer, read their deliveries and free a seat', async () => {
      const staff = await staffMember(language);
      const product = await server.createProduct({ name: 'Seatpost Security' });
      const customer = await server.newCustomer({ name: 'Karen Jensen', language });
      const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
      const device = await server.newDevice(customer, { name: 'Karens laptop' });
      await activate(server, customer, sub.id, device);
      const made = await customer.api.post('/v1/me/support-references', { subscriptionId: sub.id });
      assert.equal(made.status, 201, JSON.stringify(made.body));

      const context = await browser.newContext({ locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/operator`);
      await page.getByLabel(words.auth.email).fill(staff.email);
      await page.getByLabel(words.auth.password).fill(staff.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
      await page.getByLabel(words.accounts.twoFactor.code, { exact: true }).fill(staff.totp.generate());
      await page.getByRole('button', { name: words.accounts.twoFactor.verify }).click();
      await page.getByRole('heading', { level: 1, name: o.title }).waitFor();
      await assertAccessible(page, `support console search (${language})`);
      await shot(page, `operator-${language}-search`);

      // The reference as read over the phone: small letters, no hyphens.
      await page.getByLabel(o.search.label).fill(made.body.reference.toLowerCase().replaceAll('-', ''));
      await page.getByRole('button', { name: o.search.submit }).click();
      await page.getByRole('heading', { level: 1, name: 'Karen Jensen' }).waitFor();
      await page.getByText(made.body.reference).waitFor();
      await page.getByRole('heading', { level: 3, name: 'Seatpost Security → Karens laptop' }).waitFor();
      await page.getByText(words.status.completed).first().waitFor();
      await assertAccessible(page, `customer page (${language})`);
      await shot(page, `operator-${language}-customer`);

      // Free the seat: a reason, then Confirm.
      await page.getByRole('button', { name: o.actions['seat.free'] }).click();
      const form = page.getByRole('group', {
        name: `${o.actions['seat.free']}: Seatpost Security · Karens laptop`,
      });
      await assertAccessible(page, `free a seat, confirming (${language})`);
      await form.getByLabel(o.reasonLabel).fill('Laptop stolen; customer called');
      // (A full-page screenshot here would leave Chromium's scroll position stale for the click.)
      await form.getByRole('button', { name: o.confirm }).click();
      await page.getByText(o.done['seat.free']).waitFor();
      await page.getByText(o.audit.because.replace('{{reason}}', 'Laptop stolen; customer called')).waitFor();
      await shot(page, `operator-${language}-freed`);
      const seats = (await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats;
      assert.equal(seats.used, 0);

      // And by address, from a new search.
      await page.getByRole('link', { name: o.back }).click();
      await page.getByLabel(o.search.label).fill(customer.email);
      await page.getByRole('button', { name: o.search.submit }).click();
      await page.getByRole('heading', { level: 1, name: 'Karen Jensen' }).waitFor();
      const scrolls = await page.evaluate<boolean>('document.documentElement.scrollWidth > innerWidth');
      assert.equal(scrolls, false, 'no sideways scrolling at 375 px');
      await context.close();
    });

    test("an organization's page: its people, open invitations, and a new administrator", async () => {
      const staff = await staffMember(language);
      const created = await server.operator.post('/v1/operator/organizations', {
        name: 'Bager Hansen ApS',
        admins: ['left-the-company@example.com'],
      });
      assert.equal(created.status, 201);
      const context = await browser.newContext({ locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/operator/organizations/${created.body.id}`);
      await page.getByLabel(words.auth.email).fill(staff.email);
      await page.getByLabel(words.auth.password).fill(staff.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
      await page.getByLabel(words.accounts.twoFactor.code, { exact: true }).fill(staff.totp.generate());
      await page.getByRole('button', { name: words.accounts.twoFactor.verify }).click();
      await page.getByRole('heading', { level: 1, name: 'Bager Hansen ApS' }).waitFor();
      await page.getByRole('heading', { level: 3, name: 'left-the-company@example.com' }).waitFor();

      await page.getByRole('button', { name: o.actions['organization.add_admin'] }).click();
      const form = page.getByRole('group', {
        name: `${o.actions['organization.add_admin']}: Bager Hansen ApS`,
      });
      await form.getByLabel(o.emailLabel).fill('new.admin@example.com');
      await form.getByLabel(o.reasonLabel).fill('The first administrator left');
      await assertAccessible(page, `organization page, adding an admin (${language})`);
      await form.getByRole('button', { name: o.confirm }).click();
      await page
        .getByText(o.done['organization.add_admin'].replace('{{email}}', 'new.admin@example.com'))
        .waitFor();
      await page.getByRole('heading', { level: 3, name: 'new.admin@example.com' }).waitFor();
      await shot(page, `operator-${language}-organization`);
      await context.close();
    });

    test('an account that is not staff is told so', async () => {
      const customer = await server.newCustomer({ language });
      const context = await browser.newContext({ locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/operator`);
      await page.getByLabel(words.auth.email).fill(customer.email);
      await page.getByLabel(words.auth.password).fill(customer.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
      await page.getByText(o.notStaff).waitFor();
      await assertAccessible(page, `not staff (${language})`);
      await context.close();
    });
  });
}
