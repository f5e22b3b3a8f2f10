import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import { assertOAuthError, deviceClient } from '../support/device-flow.ts';
import { consoleBase, newOrganization } from '../support/organizations.ts';
import type { TestServer } from '../support/server.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

/** The page's own document, inside `page.evaluate` (the tests are type-checked without the DOM library). */
declare const document: {
  querySelector(selector: string): { scrollWidth: number; clientWidth: number } | null;
};

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;

portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

for (const [language, words] of [
  ['en', en],
  ['da', da],
] as const) {
  describe(`the device page (RFC 8628) in ${language === 'en' ? 'English' : 'Danish'}`, { skip }, () => {
    test('signed out, the link from the device asks to sign in, then comes back to the code: approve it', async () => {
      const device = deviceClient(server.url);
      const customer = await server.newCustomer({ language });
      const started = await device.authorize({ device_name: 'Living room TV', platform: 'linux' });
      const context = await browser.newContext({
        locale: language === 'da' ? 'da-DK' : 'en-GB',
        viewport: { width: 375, height: 800 },
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/device?user_code=${started.user_code}`);
      await page.getByLabel(words.auth.email).fill(customer.email);
      await page.getByLabel(words.auth.password).fill(customer.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();

      await page.getByRole('heading', { name: words.deviceFlow.title }).waitFor();
      await page.getByRole('heading', { name: words.deviceFlow.asks }).waitFor();
      await page.getByText('Living room TV').waitFor();
      await page.getByText(started.user_code).waitFor();
      assert.equal(new URL(page.url()).pathname, '/device');
      await assertAccessible(page, 'device page: what asks');
      await shot(page, `device-flow-${language}-1-asks`);
      // The page's own part fits 375 px (the header's tabs are the app's, not this page's).
      const overflow = await page.evaluate(() => {
        const main = document.querySelector('main')!;
        return main.scrollWidth - main.clientWidth;
      });
      assert.ok(overflow <= 0, `the page fits 375 px (${overflow} px too wide)`);

      await page.getByRole('button', { name: words.deviceFlow.approve }).click();
      await page.getByText(words.deviceFlow.approved.replace('{{device}}', 'Living room TV')).waitFor();
      await assertAccessible(page, 'device page: approved');
      await shot(page, `device-flow-${language}-2-approved`);

      const token = await device.poll(started.device_code);
      assert.equal(token.status, 200, JSON.stringify(token.body));
      assert.equal(token.body.token_type, 'Bearer');
      await context.close();
    });

    test('a code typed by hand (lowercase, no hyphen), a wrong one explained, then denied', async () => {
      const device = deviceClient(server.url);
      const customer = await server.newCustomer({ language });
      const started = await device.authorize({ device_name: 'Garage NAS' });
      const context = await browser.newContext({ locale: language === 'da' ? 'da-DK' : 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${server.url}/device`);
      await page.getByLabel(words.auth.email).fill(customer.email);
      await page.getByLabel(words.auth.password).fill(customer.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
      await page.getByRole('heading', { name: words.deviceFlow.title }).waitFor();
      await assertAccessible(page, 'device page: enter the code');

      const code = page.getByLabel(words.deviceFlow.code);
      await code.fill('BBBB-BBBB');
      await page.getByRole('button', { name: words.deviceFlow.continue }).click();
      await page.getByRole('alert').getByText(words.deviceFlow.errors.NOT_FOUND).waitFor();
      await assertAccessible(page, 'device page: a wrong code');

      await code.fill(started.user_code.replace('-', '').toLowerCase());
      await page.getByRole('button', { name: words.deviceFlow.continue }).click();
      await page.getByText('Garage NAS').waitFor();
      await page.getByText(words.deviceFlow.notGiven).waitFor();
      await page.getByRole('button', { name: words.deviceFlow.deny }).click();
      await page.getByText(words.deviceFlow.denied).waitFor();
      await assertAccessible(page, 'device page: denied');

      assertOAuthError(await device.poll(started.device_code), 'access_denied');
      await context.close();
    });

    test("an organization's admin chooses the organization: the device is one of its managed devices", async () => {
      const device = deviceClient(server.url);
      const { org, admin } = await newOrganization(server, `Kontor ${language} ApS`);
      assert.equal((await admin.api.patch('/v1/me', { language })).status, 200);
      const started = await device.authorize({ device_name: 'Reception TV', platform: 'linux' });
      const context = await browser.newContext({ locale: language === 'da' ? 'da-DK' : 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${server.url}/device?user_code=${started.user_code}`);
      await page.getByLabel(words.auth.email).fill(admin.email);
      await page.getByLabel(words.auth.password).fill(admin.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
      const into = page.getByRole('group', { name: words.deviceFlow.into });
      await into.waitFor();
      assert.equal(await into.getByRole('radio', { name: words.deviceFlow.myAccount }).isChecked(), true);
      await into
        .getByRole('radio', {
          name: words.deviceFlow.organization.replace('{{name}}', `Kontor ${language} ApS`),
        })
        .check();
      await assertAccessible(page, 'device page: choosing an organization');
      await shot(page, `device-flow-${language}-3-organization`);
      await page.getByRole('button', { name: words.deviceFlow.approve }).click();
      await page.getByText(words.deviceFlow.approved.replace('{{device}}', 'Reception TV')).waitFor();

      const token = await device.poll(started.device_code);
      assert.equal(token.status, 200, JSON.stringify(token.body));
      const managed = await admin.api.get(`${consoleBase(org)}/devices`);
      assert.ok(JSON.stringify(managed.body).includes(String(token.body.device_id)));
      await context.close();
    });
  });
}
