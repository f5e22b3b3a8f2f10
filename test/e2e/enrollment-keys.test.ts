import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM, signInAt } from './browser.ts';

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;
portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function organization(language: 'en' | 'da') {
  const admin = await server.newCustomer({ language });
  const created = await server.operator.post('/v1/operator/organizations', {
    name: `Butik ${language}`,
    admins: [admin.email],
  });
  const org = created.body.id as string;
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: admin.id, role: 'admin' },
    new Date(),
  );
  return { admin, org };
}

const signIn = (page: Page, c: Customer, words: typeof en) => signInAt(page, server.url, c, words);

const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{{${k}}}`, String(v)), text);

describe('console: enrolment keys', { skip }, () => {
  for (const [language, words, width] of [
    ['en', en, 1280],
    ['da', da, 375],
  ] as const) {
    test(`an admin makes a key (shown once, copied, with its command line and config file), sees it used, and revokes it (${language}, ${width} px)`, async () => {
      const { admin } = await organization(language);
      const context = await browser.newContext({
        locale: language === 'da' ? 'da-DK' : 'en-GB',
        viewport: { width, height: 800 },
        acceptDownloads: true,
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      const page = await context.newPage();
      await signIn(page, admin, words);
      await page.getByRole('link', { name: words.console.link }).click();
      await page.getByRole('link', { name: words.console.tabs['enrollment-keys'] }).click();
      await page.getByRole('heading', { name: words.enrollment.title }).waitFor();
      await page.getByText(words.enrollment.none).waitFor();
      await assertAccessible(page, `enrolment keys, none (${language})`);

      await page.getByLabel(words.enrollment.name).fill('Kasser');
      await page.getByLabel(words.enrollment.group).fill('Butik');
      await page.getByLabel(words.enrollment.maxUses).fill('5');
      await page.getByLabel(words.enrollment.expiry).fill('2099-12-31');
      await page.getByRole('button', { name: words.enrollment.submit }).click();
      await page.getByRole('heading', { name: fill(words.enrollment.made, { name: 'Kasser' }) }).waitFor();
      const key = (await page.locator('output.secret').textContent())!;
      assert.match(key, /^sek_/);
      await page.getByRole('button', { name: words.enrollment.copy, exact: true }).first().click();
      await page.getByRole('button', { name: words.enrollment.copied, exact: true }).waitFor();
      assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), key);
      const command = (await page.locator('pre.command').textContent())!;
      assert.ok(command.includes(`--server ${server.url} --enrollment-key ${key}`), command);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: words.enrollment.download }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'seatpost-enrollment.json');
      assert.deepEqual(JSON.parse(readFileSync(await download.path(), 'utf8')), {
        server: server.url,
        enrollmentKey: key,
      });
      await assertAccessible(page, `enrolment keys, a new key (${language})`);
      if (width <= 375)
        assert.ok(
          await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'),
          'nothing wider than the screen',
        );
      await shot(page, `enrollment-keys-new-${language}`);

      const enrolled = await server.anonymous().post('/v1/device/enroll', {
        enrollmentKey: key,
        name: 'Kasse 1',
        platform: 'windows',
        apps: [],
      });
      assert.equal(enrolled.status, 201);
      await page.getByRole('button', { name: words.enrollment.done }).click();
      await page.reload();
      await page.getByText(fill(words.enrollment.usesOf, { uses: 1, max: 5 }), { exact: false }).waitFor();
      assert.equal(await page.locator('output.secret').count(), 0, 'the key is not shown again');

      await page.getByRole('button', { name: words.enrollment.revoke }).click();
      const asked = page.getByRole('alertdialog', {
        name: fill(words.dialogs.revokeKey.title, { name: 'Kasser' }),
      });
      await asked.getByText(fill(words.enrollment.confirmRevoke, { name: 'Kasser' })).waitFor();
      await asked.getByRole('button', { name: words.dialogs.revokeKey.confirm }).click();
      await page.getByText(`· ${words.enrollment.state.revoked}`, { exact: true }).waitFor();
      await assertAccessible(page, `enrolment keys, revoked (${language})`);
      await shot(page, `enrollment-keys-${language}`);
      const again = await server.anonymous().post('/v1/device/enroll', {
        enrollmentKey: key,
        name: 'Kasse 2',
        platform: 'windows',
        apps: [],
      });
      assert.equal(again.body.code, 'ENROLLMENT_KEY_INVALID');
      await context.close();
    });
  }

  test('a member does not see the tab', async () => {
    const { org } = await organization('en');
    const member = await server.newCustomer({ language: 'en' });
    await upsertMembership(
      server.service.deps.db,
      { organizationId: org, accountId: member.id, role: 'member' },
      new Date(),
    );
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, member, en);
    await page.getByRole('link', { name: en.console.link }).click();
    await page.getByRole('link', { name: en.console.tabs.members }).waitFor();
    assert.equal(await page.getByRole('link', { name: en.console.tabs['enrollment-keys'] }).count(), 0);
    await context.close();
  });
});
