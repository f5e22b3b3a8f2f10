import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { deliverDueWebhooks } from '../../src/app/webhooks/sender.ts';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import type { TestServer } from '../support/server.ts';
import { newStaffMember } from '../support/staff.ts';
import { WebhookReceiver, verifyWith } from '../support/webhook-receiver.ts';
import { assertAccessible, portalAndBrowser, shot, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

/**
 * Webhooks in the support console (issue 18), in Chromium, in both languages, at 1280 and 375 px,
 * with axe: an admin adds an endpoint pointing at a receiver on 127.0.0.1 (the allow-private
 * setting on), sees its secret once, an operator-issued subscription sends it an event, and the
 * attempt is in the log with a 2xx. The receiver checks the request with `standardwebhooks` and
 * the secret as the page showed it; then the secret is rotated and the endpoint deleted.
 */
const skip = SKIP_WITHOUT_CHROMIUM;
// The page's, inside `evaluate`: this file is compiled without the DOM's types.
declare const document: { activeElement: unknown };

let server: TestServer;
let browser: Browser;
let receiver: WebhookReceiver;
portalAndBrowser(
  (s, b) => {
    server = s;
    browser = b;
  },
  { settings: { webhookAllowPrivate: true } },
);
before(async () => (receiver = await WebhookReceiver.start()));
after(async () => receiver?.close());

/** axe at both widths, and no sideways scrolling on a phone; back to the desktop width after. */
async function checkBothWidths(page: Page, label: string): Promise<void> {
  await assertAccessible(page, `${label} at 1280 px`);
  await page.setViewportSize({ width: 375, height: 800 });
  await assertAccessible(page, `${label} at 375 px`);
  const scrolls = await page.evaluate<boolean>('document.documentElement.scrollWidth > innerWidth');
  assert.equal(scrolls, false, `no sideways scrolling at 375 px: ${label}`);
  await shot(page, `operator-webhooks-${label.replaceAll(/\W+/g, '-')}`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

for (const [language, words, locale] of [
  ['en', en, 'en-GB'],
  ['da', da, 'da-DK'],
] as const) {
  const w = words.webhooks;
  describe(`webhooks in the support console (${language})`, { skip }, () => {
    test('an admin adds an endpoint, sees its secret once, and sees a verified delivery in the log', async () => {
      // Each language starts from no endpoints, whatever an earlier test left.
      const left = (await server.operator.get('/v1/operator/webhook-endpoints')).body.endpoints;
      for (const e of left) await server.operator.delete(`/v1/operator/webhook-endpoints/${e.id}`);
      const staff = await newStaffMember(server, 'admin', { language });
      const product = await server.createProduct({ name: 'Seatpost Security' });
      const context = await browser.newContext({
        locale,
        viewport: { width: 1280, height: 900 },
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/operator`);
      await page.getByLabel(words.auth.email).fill(staff.email);
      await page.getByLabel(words.auth.password).fill(staff.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
      await page.getByLabel(words.accounts.twoFactor.code, { exact: true }).fill(staff.totp!.generate());
      await page.getByRole('button', { name: words.accounts.twoFactor.verify }).click();
      await page.getByRole('heading', { level: 1, name: words.operator.title }).waitFor();

      // The admin's own link in the console's header line.
      await page.getByRole('link', { name: w.link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: w.title }).waitFor();
      await page.getByText(w.none).waitFor();

      // The form: a URL and the event types chosen from the domain's list, grouped, in words.
      // An address the server refuses: said beside the field, which is marked and takes the focus.
      await page.getByLabel(w.add.url).fill('ftp://example.com/hooks');
      await page.getByRole('button', { name: w.add.submit }).click();
      await page.getByRole('alert').getByText(words.errors.WEBHOOK_URL_INVALID).waitFor();
      assert.equal(await page.getByLabel(w.add.url).getAttribute('aria-invalid'), 'true');
      await page.getByLabel(w.add.url).fill(receiver.url);
      await page.getByLabel(w.add.description).fill('Billing');
      await page.getByRole('radio', { name: w.add.chosen }).check();
      await page.getByRole('group', { name: w.groups.subscription }).waitFor();
      await page.getByText(w.events['subscription.issued']).waitFor();
      await page.getByRole('checkbox', { name: 'subscription.issued' }).check();
      await page.getByRole('checkbox', { name: 'subscription.blocked' }).check();
      await checkBothWidths(page, `add form ${language}`);
      await page.getByRole('button', { name: w.add.submit }).click();

      // The secret, once, with a copy button and the warning; its heading has the focus.
      const heading = page.getByRole('heading', { level: 2, name: w.secret.title });
      await heading.waitFor();
      assert.equal(await heading.evaluate((h) => h === document.activeElement), true);
      await page.getByText(w.secret.once).waitFor();
      const secret = (await page.getByLabel(w.secret.label, { exact: true }).textContent())!.trim();
      assert.match(secret, /^whsec_/);
      await page.getByRole('button', { name: w.secret.copy }).click();
      await page.getByRole('button', { name: w.secret.copied }).waitFor();
      assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), secret);
      await checkBothWidths(page, `secret shown once ${language}`);
      await page.getByRole('button', { name: w.secret.done }).click();
      assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone once put away');
      const endpointsHeading = page.getByRole('heading', { level: 2, name: w.endpoints, exact: true });
      assert.equal(await endpointsHeading.evaluate((h) => h === document.activeElement), true);

      // Listed; its page. An event it subscribed to: a subscription the operator issues.
      await page.getByText(w.state.enabled).waitFor();
      await page.getByText(w.eventCount_other.replace('{{count}}', '2')).waitFor();
      await page.getByRole('link', { name: receiver.url }).click();
      await page.getByRole('heading', { level: 1, name: receiver.url }).waitFor();
      await page.getByText(w.detail.noAttempts).waitFor();
      receiver.secrets = [secret];
      const before = receiver.received.length;
      await server.issueSubscription({ product: product.id });
      await deliverDueWebhooks(server.service.deps);
      await page.getByRole('button', { name: w.detail.refresh }).click();
      const attempt = page.getByRole('listitem').filter({
        has: page.getByRole('heading', { level: 3, name: w.events['subscription.issued'] }),
      });
      await attempt.getByText(`204 · ${w.detail.succeeded}`).waitFor();
      await attempt.getByText('subscription.issued').waitFor();
      await checkBothWidths(page, `attempt log ${language}`);

      // What the receiver got verifies with the secret the page showed, by `standardwebhooks`.
      assert.deepEqual(receiver.rejected, []);
      const got = receiver.received.slice(before);
      assert.deepEqual(
        got.map((r) => r.payload.type),
        ['subscription.issued'],
      );
      const payload = verifyWith(secret, got[0]!) as { data: { productId?: string } };
      assert.equal(payload.data.productId, product.id);

      // A failed attempt (the receiver answers 503), sent again by hand, and delivered.
      receiver.respond = () => ({ status: 503 });
      await server.issueSubscription({ product: product.id });
      await deliverDueWebhooks(server.service.deps);
      await page.getByRole('button', { name: w.detail.refresh }).click();
      await page.getByText(`503 · ${w.detail.failed}`).waitFor();
      receiver.respond = () => ({ status: 204 });
      await page.getByRole('button', { name: w.detail.retry }).click();
      await page.getByText(w.detail.retried).waitFor();
      await deliverDueWebhooks(server.service.deps);
      await page.getByRole('button', { name: w.detail.refresh }).click();
      await page.getByText(`204 · ${w.detail.succeeded}`).nth(1).waitFor();
      const retried = receiver.received.slice(before + 1);
      assert.deepEqual(
        retried.map((r) => r.id),
        [retried[0]!.id, retried[0]!.id],
        'the same message, sent again',
      );

      // Rotate: asked first, with the overlap explained; the new secret shown once.
      await page.getByRole('button', { name: w.rotate.button }).click();
      const question = page.getByRole('alertdialog', { name: w.rotate.explain });
      await question.waitFor();
      await assertAccessible(page, `rotate question (${language})`);
      await question.getByRole('button', { name: w.rotate.confirm }).click();
      await page.getByRole('heading', { level: 2, name: w.secret.title }).waitFor();
      const rotated = (await page.getByLabel(w.secret.label, { exact: true }).textContent())!.trim();
      assert.match(rotated, /^whsec_/);
      assert.notEqual(rotated, secret);
      await page.getByRole('button', { name: w.secret.done }).click();

      // Disable, then delete after the question in place: back on the list, which says so.
      await page.getByRole('button', { name: w.disable, exact: true }).click();
      await page.getByText(w.disabled).waitFor();
      await page.getByText(w.state.operator).waitFor();
      await page.getByRole('button', { name: w.delete.button }).click();
      const removal = page.getByRole('alertdialog', { name: w.delete.question });
      await removal.getByRole('button', { name: w.cancel }).click();
      assert.equal(
        await page
          .getByRole('button', { name: w.delete.button })
          .evaluate((b) => b === document.activeElement),
        true,
        'Cancel returns the focus to the button',
      );
      await page.getByRole('button', { name: w.delete.button }).click();
      await removal.getByRole('button', { name: w.delete.confirm }).click();
      await page.getByRole('heading', { level: 1, name: w.title }).waitFor();
      await page.getByText(w.delete.done.replace('{{url}}', receiver.url)).waitFor();
      await page.getByText(w.none).waitFor();
      await context.close();
    });
  });
}

describe('webhooks are for admins only', { skip }, () => {
  test('a member of support sees no Webhooks link, and the page refuses them', async () => {
    const staff = await newStaffMember(server, 'support', { language: 'en' });
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/operator/webhooks`);
    await page.getByLabel(en.auth.email).fill(staff.email);
    await page.getByLabel(en.auth.password).fill(staff.password);
    await page.getByRole('button', { name: en.auth.signIn, exact: true }).click();
    await page.getByLabel(en.accounts.twoFactor.code, { exact: true }).fill(staff.totp!.generate());
    await page.getByRole('button', { name: en.accounts.twoFactor.verify }).click();
    await page.getByRole('alert').getByText(en.operator.errors.FORBIDDEN).waitFor();
    assert.equal(await page.getByRole('link', { name: en.webhooks.link, exact: true }).count(), 0);
    assert.equal(await page.getByLabel(en.webhooks.add.url).count(), 0);
    await assertAccessible(page, 'webhooks refused to support');
    await context.close();
  });
});
