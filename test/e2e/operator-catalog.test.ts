import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import type { TestServer } from '../support/server.ts';
import { newStaffMember } from '../support/staff.ts';
import { assertAccessible, shot, portalAndBrowser, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

/**
 * The catalogue in the support console (issue 18, item 2), in Chromium, in both languages, at a
 * desktop's and a phone's width, with axe: an admin adds a product, uploads an installer with a
 * progress bar that reaches 100 %, and reads the SHA-256 the server computed, the same as ours;
 * support staff are not offered the catalogue at all.
 */
const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;
portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** Signs in at /operator with password and the authenticator's code, and waits for the console. */
async function signInAsStaff(page: Page, words: typeof en, who: Awaited<ReturnType<typeof newStaffMember>>) {
  await page.goto(`${server.url}/operator`);
  await page.getByLabel(words.auth.email).fill(who.email);
  await page.getByLabel(words.auth.password).fill(who.password);
  await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
  await page.getByLabel(words.accounts.twoFactor.code, { exact: true }).fill(who.totp!.generate());
  await page.getByRole('button', { name: words.accounts.twoFactor.verify }).click();
  await page.getByRole('heading', { level: 1, name: words.operator.title }).waitFor();
}

const noSidewaysScroll = async (page: Page) =>
  assert.equal(
    await page.evaluate<boolean>('document.documentElement.scrollWidth > innerWidth'),
    false,
    'no sideways scrolling',
  );

for (const [language, words, locale] of [
  ['en', en, 'en-GB'],
  ['da', da, 'da-DK'],
] as const) {
  const c = words.catalog;
  describe(`the console's catalogue (${language})`, { skip }, () => {
    for (const width of [1280, 375]) {
      test(`an admin adds a product and uploads an installer, at ${width} px`, async () => {
        const admin = await newStaffMember(server, 'admin', { language });
        const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
        const page = await context.newPage();
        await signInAsStaff(page, words, admin);
        await page.getByRole('link', { name: c.link }).click();
        await page.getByRole('heading', { level: 1, name: c.title }).waitFor();
        await assertAccessible(page, `products (${language}, ${width})`);

        const productId = `backup-${randomBytes(3).toString('hex')}`;
        const name = `Seatpost Backup ${productId.slice(-6)}`;
        const create = page.getByRole('region', { name: c.create.title });
        await create.getByLabel(c.create.id).fill(productId);
        await create.getByLabel(c.create.name, { exact: true }).fill(name);
        await create.getByLabel(c.create.app, { exact: true }).fill('seatpost-backup');
        await create.getByLabel(c.create.appVersions).fill('>=3.0.0 <4');
        await create.getByLabel(c.create.regions).fill('dk, se');
        await create.getByRole('button', { name: c.create.submit }).click();
        await page.getByText(c.create.done.replace('{{name}}', name)).waitFor();
        await page.getByRole('link', { name }).click();
        await page.getByRole('heading', { level: 1, name }).waitFor();
        await page.getByText(c.releases.none).waitFor();

        const file = randomBytes(200_000);
        const sha256 = createHash('sha256').update(file).digest('hex');
        const upload = page.getByRole('region', { name: c.upload.title });
        await upload.getByLabel(c.upload.file).setInputFiles({
          name: 'Seatpost Backup 3.1.0.deb',
          mimeType: 'application/octet-stream',
          buffer: file,
        });
        // Made from the chosen file's name, in the characters a download name may have.
        assert.equal(await upload.getByLabel(c.upload.fileName).inputValue(), 'Seatpost-Backup-3.1.0.deb');
        await upload.getByLabel(c.upload.platform).selectOption('linux');
        await upload.getByLabel(c.upload.version, { exact: true }).fill('3.1.0');
        await upload.getByRole('button', { name: c.upload.submit, exact: true }).click();

        await upload.getByText(c.upload.done.replace('{{file}}', 'Seatpost-Backup-3.1.0.deb')).waitFor();
        const progress = upload.getByRole('progressbar', { name: c.upload.progress });
        assert.equal(await progress.getAttribute('value'), '100');
        await upload.getByText(c.upload.percent.replace('{{percent}}', '100')).waitFor();
        assert.equal(await upload.locator('.upload-done .sha256-value').textContent(), sha256);
        // The result took the focus: it is what the admin came for.
        await upload.locator('.upload-done:focus').waitFor({ timeout: 5_000 });

        // Listed, with the same SHA-256, in full.
        const listed = page.locator('.catalog-installers > li', {
          has: page.getByRole('heading', {
            level: 3,
            name: `Linux · ${c.releases.version.replace('{{version}}', '3.1.0')}`,
          }),
        });
        await listed.waitFor();
        assert.equal(await listed.locator('.sha256-value').textContent(), sha256);
        await listed.getByText('Seatpost-Backup-3.1.0.deb').waitFor();
        await assertAccessible(page, `product with an uploaded installer (${language}, ${width})`);
        await noSidewaysScroll(page);
        await shot(page, `operator-catalog-${language}-${width}`);

        // What the server stored is the same file.
        const stored = await server.operator.get(`/v1/operator/products/${productId}/releases`);
        assert.deepEqual(
          stored.body.installers.map((i: any) => [i.platform, i.version, i.sha256, i.size]),
          [['linux', '3.1.0', sha256, file.length]],
        );
        await context.close();
      });
    }

    test('support staff are not offered the catalogue, and are refused it', async () => {
      const support = await newStaffMember(server, 'support', { language });
      const context = await browser.newContext({ locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      await signInAsStaff(page, words, support);
      assert.equal(await page.getByRole('link', { name: c.link }).count(), 0);
      await page.goto(`${server.url}/operator/products`);
      await page.getByText(words.operator.errors.FORBIDDEN).waitFor();
      await assertAccessible(page, `products refused to support (${language})`);
      await context.close();
    });
  });
}
