import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import { AgentProcess } from '../support/agent.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import {
  WEB_ROOT,
  assertAccessible,
  ensurePortalBuilt,
  launch,
  shot,
  SKIP_WITHOUT_CHROMIUM,
} from './browser.ts';

/** The page's own globals, inside `page.evaluate` (the tests are type-checked without the DOM library). */
declare const navigator: { clipboard: { readText(): Promise<string> } };
declare const document: { activeElement: unknown; documentElement: { lang: string } };

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;
const agents: AgentProcess[] = [];

before(async () => {
  if (skip) return;
  ensurePortalBuilt();
  server = await startTestServer({ webRoot: WEB_ROOT });
  browser = await launch();
});
after(async () => {
  for (const a of agents) await a.stop();
  await browser?.close();
  await server?.close();
});

/** Signs in on the sign-in page, in the words of the browser's language. */
async function signIn(page: Page, customer: { email: string; password: string }, words: typeof en) {
  await page.goto(server.url);
  await page.getByLabel(words.auth.email).fill(customer.email);
  await page.getByLabel(words.auth.password).fill(customer.password);
  await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k]));

describe('an account in the browser', { skip }, () => {
  test('sign up in the browser’s language, add subscriptions by code, switch language and have it remembered, sign out', async () => {
    const product = await server.createProduct({ name: 'Seatpost Familie' });
    const expiresAt = '2031-03-15T12:00:00.000Z';
    const mine = await server.issueSubscription({ product: product.id, seats: 3, expiresAt });
    const someoneElses = await server.subscriptionFor(await server.newCustomer(), { product: product.id });

    // A Danish browser gets the Danish portal before anyone has signed in.
    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: da.auth.signIn }).waitFor();
    await page.getByRole('button', { name: da.auth.noAccount }).click();
    await page.getByRole('heading', { level: 1, name: da.auth.signUp }).waitFor();
    // The country is guessed from the browser, named in Danish.
    assert.equal(await page.getByLabel(da.auth.country).inputValue(), 'DK');
    assert.equal(
      await page.getByLabel(da.auth.country).locator('option:checked').textContent(),
      new Intl.DisplayNames(['da-DK'], { type: 'region' }).of('DK'),
    );
    await assertAccessible(page, 'sign-up');
    await shot(page, 'account-da-sign-up');
    const email = `browser-${Date.now()}@example.com`;
    const password = 'a long enough password';
    await page.getByLabel(da.auth.email).fill(email);
    await page.getByLabel(da.auth.password).fill(password);
    await page.getByLabel(da.auth.name).fill('Karen Jensen');
    await page.getByRole('button', { name: da.auth.signUp, exact: true }).click();
    // No session yet: the address is asked to be confirmed, in the language chosen.
    await page.getByRole('heading', { level: 1, name: da.accounts.checkMail }).waitFor();
    await assertAccessible(page, 'sign-up: check your mail');
    await page.goto(await server.mailedLink(email, 'verify-email'));
    await page.getByText(da.accounts.verify.done).waitFor();
    await signIn(page, { email, password }, da);
    await page.getByRole('heading', { level: 1, name: da.subscriptions.title }).waitFor();
    await page.getByText(da.subscriptions.none).waitFor();

    // An unknown code, a code another account holds (with customer service), then the right one.
    const code = page.getByLabel(da.subscriptions.code);
    const add = page.getByRole('button', { name: da.subscriptions.addButton, exact: true });
    await code.fill('AAAAA-BBBBB-CCCCC-DDDDD');
    await add.click();
    await page.getByText(da.errors.ACTIVATION_CODE_NOT_FOUND).waitFor();
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    await code.fill(someoneElses.activationCode);
    await add.click();
    await page.getByText(da.errors.ACTIVATION_CODE_IN_USE).waitFor();
    // Customer service, with a short reference that stands for the account and the refusal.
    await page.getByRole('button', { name: da.support.contact }).click();
    const reference = (await page.locator('.support .reference').textContent())!;
    const support = page.getByRole('link', { name: /support@seatpost\.example/ });
    assert.ok(decodeURIComponent((await support.getAttribute('href'))!).includes(reference), reference);
    const referred = await server.operator.get(`/v1/operator/support/references/${reference}`);
    assert.deepEqual(referred.body.reasons, ['ACTIVATION_CODE_IN_USE']);
    await assertAccessible(page, 'subscriptions: a code in use');
    await shot(page, 'account-da-code-in-use');
    // Typed carelessly (small letters, no dashes): still found.
    await code.fill(mine.activationCode.replaceAll('-', '').toLowerCase());
    await add.click();
    await page.getByText(fill(da.subscriptions.added, { product: 'Seatpost Familie' })).waitFor();
    const card = page.locator('.card', { has: page.getByRole('link', { name: 'Seatpost Familie' }) });
    await card.getByText(da.subscriptions.state.active, { exact: true }).waitFor();
    const date = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long' }).format(new Date(expiresAt));
    // It renews automatically, so its date is when it renews.
    await card.getByText(fill(da.subscriptions.renews, { date })).waitFor();
    await card.getByText(fill(da.subscriptions.seats_device_other, { used: 0, count: 3 })).waitFor();
    await shot(page, 'account-da-added');

    // Switch to English: the page changes at once, and the account remembers it.
    // (The page changes before the account has stored it: wait for that before leaving.)
    const stored = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/v1/me',
    );
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: en.subscriptions.title }).waitFor();
    assert.equal((await stored).status(), 200);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await context.close();
    const elsewhere = await browser.newContext({ locale: 'da-DK' });
    const again = await elsewhere.newPage();
    await again.goto(server.url);
    await again.getByRole('heading', { level: 1, name: da.auth.signIn }).waitFor();
    await signIn(again, { email, password }, da);
    await again.getByRole('heading', { level: 1, name: en.subscriptions.title }).waitFor();
    await again.getByRole('link', { name: en.nav.devices }).waitFor();

    // Sign out: back to the sign-in page, and a reload does not bring the account back.
    await again.getByRole('button', { name: en.app.signOut }).click();
    await again.getByRole('heading', { level: 1, name: en.auth.signIn }).waitFor();
    await again.reload();
    await again.getByRole('heading', { level: 1, name: en.auth.signIn }).waitFor();
    // A wrong password is refused in words.
    await again.getByLabel(en.auth.email).fill(email);
    await again.getByLabel(en.auth.password).fill('not the password');
    await again.getByRole('button', { name: en.auth.signIn, exact: true }).click();
    await again.getByText(en.errors.INVALID_CREDENTIALS).waitFor();
    await elsewhere.close();
  });

  test('the Devices tab: connect an app with a one-time code, see it arrive, rename it, disconnect it after confirming', async () => {
    const customer = await server.newCustomer({ language: 'en' });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, customer, en);
    await page.getByRole('heading', { level: 1, name: en.subscriptions.title }).waitFor();
    await page.getByRole('link', { name: en.nav.devices }).click();
    await page.getByRole('heading', { level: 1, name: en.devices.title }).waitFor();
    await page.getByText(en.devices.none).waitFor();

    await page.getByRole('button', { name: en.devices.getCode }).click();
    const shown = (await page.locator('output.code').textContent())!.trim();
    assert.match(shown, /\S{6,}/);
    // The demo's command names this server, so that it works on any port.
    await page.getByText(fill(en.devices.agentHint, { code: shown, server: server.url })).waitFor();
    await page.getByRole('button', { name: en.devices.copy, exact: true }).click();
    await page.getByRole('button', { name: en.devices.copied, exact: true }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
    await assertAccessible(page, 'devices: a connect code');
    await shot(page, 'account-en-connect-code');

    // The demo agent uses the code from the page; the page sees it arrive, without a reload.
    const agent = new AgentProcess([
      '--server',
      server.url,
      '--code',
      shown,
      '--name',
      'Kitchen PC',
      '--platform',
      'linux',
      '--app',
      'seatpost-security@22.1.0',
    ]);
    agents.push(agent);
    await agent.waitFor('Connected as device ');
    await page.getByRole('heading', { name: 'Kitchen PC' }).waitFor({ timeout: 10_000 });
    await page.getByText(fill(en.devices.connected, { device: 'Kitchen PC' })).waitFor();
    assert.equal(await page.locator('output.code').count(), 0, 'the used code is put away');
    const card = page.locator('li.card', { has: page.getByRole('heading', { name: 'Kitchen PC' }) });
    await card.getByText('Seatpost Security 22.1.0').waitFor();
    await card.getByText('Linux', { exact: true }).waitFor();
    await card.getByText(en.devices.noCurrent).waitFor();

    // Rename.
    await card.getByRole('button', { name: en.devices.rename }).click();
    await page.getByLabel(fill(en.devices.newName, { device: 'Kitchen PC' })).fill('Study PC');
    await page.getByRole('button', { name: en.devices.save }).click();
    await page.getByRole('heading', { name: 'Study PC' }).waitFor();
    const renamed = page.locator('li.card', { has: page.getByRole('heading', { name: 'Study PC' }) });

    // Disconnect asks first; Cancel keeps the device and gives the focus back.
    await renamed.getByRole('button', { name: en.devices.disconnect }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(fill(en.devices.confirmDisconnect, { device: 'Study PC' })).waitFor();
    await assertAccessible(page, 'devices: confirm disconnect');
    await shot(page, 'account-en-confirm-disconnect');
    await dialog.getByRole('button', { name: en.devices.cancel }).click();
    assert.equal(await dialog.count(), 0);
    assert.equal(
      await renamed
        .getByRole('button', { name: en.devices.disconnect })
        .evaluate((el) => el === document.activeElement),
      true,
    );
    await renamed.getByRole('button', { name: en.devices.disconnect }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: en.devices.confirm }).click();
    await page.getByText(en.devices.none).waitFor();
    const left = await customer.api.get('/v1/me/devices');
    assert.deepEqual(left.body.devices, []);
    await context.close();
  });

  test('a failed delivery says why and offers customer service; Other downloads opens; unknown pages are honest', async () => {
    const product = await server.createProduct({ name: 'Seatpost Basic' });
    const customer = await server.newCustomer({ language: 'en' });
    const sub = await server.subscriptionFor(customer, { product: product.id });
    const device = await server.newDevice(customer, { name: 'Old Phone', platform: 'android' });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await signIn(page, customer, en);
    await page.getByRole('heading', { level: 1, name: en.subscriptions.title }).waitFor();

    // A link straight to the subscription works (the server answers client routes with the app).
    await page.goto(`${server.url}/subscriptions/${sub.id}`);
    await page.getByRole('heading', { level: 1, name: 'Seatpost Basic' }).waitFor();
    await page.getByRole('button', { name: en.send.sendToDevice }).click();
    await page.getByRole('tab', { name: en.send.otherDownloads }).click();
    // What the tab offers is the download links' own story (their tests); here it must open and be accessible.
    await page.getByRole('tabpanel', { name: en.send.otherDownloads }).waitFor();
    await assertAccessible(page, 'send: other downloads');
    await shot(page, 'account-en-other-downloads');

    await page.getByRole('tab', { name: en.send.connectedDevice }).click();
    await page.getByRole('button', { name: en.send.sendSubscription }).click();
    await page.getByRole('checkbox', { name: /Old Phone/ }).check();
    await page.getByRole('button', { name: en.send.send, exact: true }).click();
    const panel = page.locator('.device-panel', { has: page.getByRole('heading', { name: 'Old Phone' }) });
    await panel.locator('[data-status="pending"]').waitFor();

    // The app cannot apply it: the panel turns live, says why, and offers help with a reference.
    const waiting = await device.api.post('/v1/device/check-in', {});
    const deliveryId = waiting.body.deliveries[0].id as string;
    const failed = await device.api.post(`/v1/device/deliveries/${deliveryId}/fail`, { reason: 'APP_ERROR' });
    assert.equal(failed.status, 200);
    await panel.locator('[data-status="failed"]').waitFor({ timeout: 5000 });
    await panel.getByText(en.reasons.APP_ERROR).waitFor();
    await panel.getByRole('button', { name: en.support.contact }).click();
    const reference = (await panel.locator('.support .reference').textContent())!;
    const href = (await panel.getByRole('link', { name: /support@seatpost\.example/ }).getAttribute('href'))!;
    assert.ok(href.startsWith('mailto:support@seatpost.example?'), href);
    assert.ok(decodeURIComponent(href).includes(reference), href);
    const referred = await server.operator.get(`/v1/operator/support/references/${reference}`);
    assert.equal(referred.body.device.id, device.deviceId);
    assert.deepEqual(referred.body.reasons, ['APP_ERROR']);
    await page
      .getByRole('status')
      .filter({ hasText: `Old Phone: ${en.status.failed}` })
      .waitFor();
    await assertAccessible(page, 'subscription: a failed delivery');
    await shot(page, 'account-en-failed');

    // A subscription that is not the customer's.
    await page.goto(`${server.url}/subscriptions/no-such-subscription`);
    await page.getByRole('heading', { level: 1, name: en.subscriptions.notFound }).waitFor();
    await assertAccessible(page, 'a subscription that is not there');
    await page.getByRole('link', { name: en.subscriptions.back }).click();
    await page.getByRole('heading', { level: 1, name: en.subscriptions.title }).waitFor();
    await context.close();
  });
});
