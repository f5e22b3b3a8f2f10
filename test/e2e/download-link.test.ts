import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import { AgentProcess } from '../support/agent.ts';
import { Client } from '../support/http.ts';
import { ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { TestSmtp } from '../support/smtp.ts';
import {
  WEB_ROOT,
  assertAccessible,
  ensurePortalBuilt,
  launch,
  shot,
  SKIP_WITHOUT_CHROMIUM,
  signInAt,
} from './browser.ts';

/** The page's own objects, inside `page.evaluate` (the tests are type-checked without the DOM library). */
declare const navigator: { clipboard: { readText(): Promise<string> } };

const skip = SKIP_WITHOUT_CHROMIUM;

const clock = new ManualClock();
const smtp = new TestSmtp();
let server: TestServer;
let browser: Browser;
const agents: AgentProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'seatpost-download-link-'));

before(async () => {
  if (skip) return;
  ensurePortalBuilt();
  await smtp.start();
  // The whole service as `npm start` runs it with SMTP_URL: the outbox worker sends the mail.
  server = await startTestServer({
    clock,
    webRoot: WEB_ROOT,
    smtpUrl: smtp.url,
    jobs: true,
    mailPollMs: 100,
  });
  browser = await launch();
});
after(async () => {
  for (const a of agents) await a.stop();
  await browser?.close();
  await server?.close();
  await smtp.stop();
  rmSync(dir, { recursive: true, force: true });
});

const INSTALLER = (platform: string) => `Seatpost Security 22.1.0 for ${platform} (a test installer)\n`;

async function product(name: string) {
  const p = await server.createProduct({ name, appVersions: '>=21.0.0 <23' });
  for (const platform of ['windows', 'linux']) {
    const r = await fetch(
      `${server.url}/v1/operator/products/${p.id}/releases?platform=${platform}&version=22.1.0&fileName=seatpost-security-22.1.0-${platform}.txt`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.operatorKey}`,
          'content-type': 'application/octet-stream',
        },
        body: INSTALLER(platform),
      },
    );
    assert.equal(r.status, 201);
  }
  return p;
}

const signIn = (page: Page, customer: Customer, words: typeof en) =>
  signInAt(page, server.url, customer, words);

/** The article's steps 1–5: Subscriptions → the subscription → Send to device → Other downloads → Send link. */
async function openSendLink(page: Page, productName: string, words: typeof en, prefix: string) {
  await page.getByRole('link', { name: productName }).click();
  await page.getByRole('heading', { name: words.myDevices.title }).waitFor();
  await page.getByRole('button', { name: words.send.sendToDevice }).click();
  await page.getByRole('tab', { name: words.send.otherDownloads }).click();
  await page.getByRole('heading', { name: 'Linux' }).waitFor();
  await shot(page, `${prefix}-1-other-downloads`);
  await page.getByRole('button', { name: words.send.sendLink, exact: true }).click();
}

/** The first mail to `address` (whose subject matches, if given: an account also gets its verification mail). */
async function mailFor(address: string, subject?: RegExp): Promise<ParsedMail> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const found = smtp.received.find(
      (m) => JSON.stringify(m.to ?? '').includes(address) && (!subject || subject.test(m.subject ?? '')),
    );
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${address} arrived`);
}

describe('a new device by download link, in Chromium', { skip }, () => {
  test('Send link → the email over SMTP → the download page → the code on the clipboard → the app connects and uses the subscription', async () => {
    const p = await product('Seatpost Security');
    const customer = await server.newCustomer({ language: 'en' });
    const sub = await server.subscriptionFor(customer, { product: p.id, seats: 3 });

    // The customer, in the portal.
    const portal = await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
    const page = await portal.newPage();
    await signIn(page, customer, en);
    await openSendLink(page, 'Seatpost Security', en, 'link-en');
    const newAddress = `new-laptop-${Date.now()}@example.com`;
    await page.getByLabel(en.downloads.email).fill(newAddress);
    await assertAccessible(page, 'other downloads: send link');
    await shot(page, 'link-en-2-send-link');
    await page.getByRole('button', { name: en.send.send, exact: true }).click();
    await page.getByText(`A download link was sent to ${newAddress}.`).waitFor();
    await shot(page, 'link-en-3-sent');

    // The mail, received by a real SMTP server and parsed.
    const mail = await mailFor(newAddress);
    assert.equal(mail.subject, 'Your download link for Seatpost Security');
    assert.ok(mail.html, 'an HTML part');
    assert.match(mail.text!, /A one-time code is copied to the clipboard/);
    assert.match(mail.text!, /The link works until/);
    const link = /https?:\/\/\S+\/d\/[A-Za-z0-9_-]+/.exec(mail.text!)?.[0] ?? '';
    assert.ok(link.startsWith(server.url), `the link is on the service: ${link}`);

    // The new device: no session, the clipboard allowed.
    const device = await browser.newContext({ locale: 'en-GB', viewport: { width: 900, height: 900 } });
    await device.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const newPage = await device.newPage();
    await newPage.goto(link);
    await newPage.getByRole('heading', { name: 'Download Seatpost Security' }).waitFor();
    await newPage.getByText('A one-time code will be copied to your clipboard').waitFor();
    const linuxFirst = await newPage.locator('li[data-platform]').first().getAttribute('data-platform');
    assert.equal(linuxFirst, 'linux', "this browser's platform (Linux) first");
    assert.ok(!(await newPage.content()).includes(customer.email), 'the page does not reveal the account');
    await assertAccessible(newPage, 'download page');
    await shot(newPage, 'link-en-4-download-page');

    const download = newPage.waitForEvent('download');
    await newPage.getByRole('link', { name: 'Download for Linux' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'seatpost-security-22.1.0-linux.txt');
    assert.equal(readFileSync(await file.path(), 'utf8'), INSTALLER('linux'));
    await newPage.getByText('The one-time code is on the clipboard').waitFor();
    await shot(newPage, 'link-en-5-code-copied');
    const code = await newPage.evaluate(() => navigator.clipboard.readText());
    assert.match(code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);

    // The installed app: the reference agent, connected with the code from the clipboard.
    const state = join(dir, 'new-laptop.json');
    const agent = new AgentProcess([
      '--server',
      server.url,
      '--code',
      code,
      '--state',
      state,
      '--name',
      'New laptop',
      '--platform',
      'linux',
      '--app',
      `${p.app}@22.1.0`,
    ]);
    agents.push(agent);
    await agent.waitFor('Connected as device ');
    assert.match(await agent.waitFor('Subscription applied '), new RegExp(sub.id));
    const { token } = JSON.parse(readFileSync(state, 'utf8')) as { token: string };
    const current = await new Client(server.url, { authorization: `Bearer ${token}` }).get(
      '/v1/device/subscriptions',
    );
    assert.deepEqual(
      current.body.subscriptions.map((s: any) => [s.app, s.subscriptionId]),
      [[p.app, sub.id]],
      'the subscription is active on the new device',
    );

    // The portal's "My devices" shows it, live.
    await page
      .locator('.device-panel', { has: page.getByRole('heading', { name: 'New laptop' }) })
      .locator('[data-status="completed"]')
      .waitFor({ timeout: 5000 });
    await shot(page, 'link-en-6-my-devices');
    await portal.close();
    await device.close();
  });

  test('in Danish: a refusal is explained in sentences; an expired or tampered link shows a clear page', async () => {
    const p = await product('Seatpost Sikkerhed');
    const customer = await server.newCustomer({ language: 'da' });
    const blocked = await server.subscriptionFor(customer, { product: p.id });
    await server.operator.post(`/v1/operator/subscriptions/${blocked.id}/block`);

    const context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await signIn(page, customer, da);
    await openSendLink(page, 'Seatpost Sikkerhed', da, 'link-da');
    await page.getByLabel(da.downloads.email).fill(customer.email);
    await page.getByRole('button', { name: da.send.send, exact: true }).click();
    await page.getByText(da.downloads.refused).waitFor();
    await page.getByText(da.reasons.SUBSCRIPTION_BLOCKED).waitFor();
    await assertAccessible(page, 'send link refused');
    await shot(page, 'link-da-2-refused');

    await server.operator.post(`/v1/operator/subscriptions/${blocked.id}/reinstate`);
    await page.getByRole('button', { name: da.send.send, exact: true }).click();
    await page.getByText(`Der er sendt et downloadlink til ${customer.email}.`).waitFor();
    const mail = await mailFor(customer.email, /downloadlink/);
    assert.equal(mail.subject, 'Dit downloadlink til Seatpost Sikkerhed');
    const link = /https?:\/\/\S+\/d\/[A-Za-z0-9_-]+/.exec(mail.text!)![0];

    const visitor = await context.newPage();
    const tampered = await visitor.goto(link.slice(0, -2) + (link.endsWith('xx') ? 'yy' : 'xx'));
    assert.equal(tampered?.status(), 404);
    await visitor.getByRole('heading', { name: 'Linket virker ikke' }).waitFor();
    await visitor.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await assertAccessible(visitor, 'tampered link');
    await shot(visitor, 'link-da-3-tampered');

    clock.advance(8 * 86_400_000);
    const expired = await visitor.goto(link);
    assert.equal(expired?.status(), 410);
    await visitor.getByRole('heading', { name: 'Linket er udløbet' }).waitFor();
    await assertAccessible(visitor, 'expired link');
    await shot(visitor, 'link-da-4-expired');
    await context.close();
  });
});
