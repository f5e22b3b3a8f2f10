import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
import { managedDevice } from '../support/organizations.ts';
import type { TestServer } from '../support/server.ts';
import { assertAccessible, portalAndBrowser, shot, signInAt, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

/** The console's dialogs (issue 19): rename, group, remove and add a device, never the browser's prompt(). */

const skip = SKIP_WITHOUT_CHROMIUM;

let server: TestServer;
let browser: Browser;
portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** An organization whose admin reads the portal in `language`, with one managed device. */
async function office(language: 'en' | 'da') {
  const admin = await server.newCustomer({ language });
  const created = await server.operator.post('/v1/operator/organizations', {
    name: `Dialogs ${language}`,
    admins: [admin.email],
  });
  assert.equal(created.status, 201);
  const org = created.body.id as string;
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: admin.id, role: 'admin' },
    new Date(),
  );
  await managedDevice(server, org, admin, { name: 'Reception PC' });
  return { admin, org };
}

/**
 * The focused element's text, once it is `expected` or after two seconds: React Aria returns the
 * focus when the dialog's exit has finished, a moment after the dialog has left the page.
 */
async function focusedText(page: Page, expected: string): Promise<string> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const text = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
    if (text === expected || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 25));
  }
}
const noSidewaysScroll = async (page: Page, what: string) =>
  assert.ok(
    await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'),
    `nothing wider than the screen: ${what}`,
  );

for (const [language, words] of [
  ['en', en],
  ['da', da],
] as const) {
  describe(`the console's dialogs in ${language === 'en' ? 'English' : 'Danish'}`, { skip }, () => {
    test('rename, group, remove and add a device through dialogs at 375 px; Escape cancels', async () => {
      const { admin, org } = await office(language);
      const context = await browser.newContext({
        locale: language === 'da' ? 'da-DK' : 'en-GB',
        viewport: { width: 375, height: 800 },
      });
      const page = await context.newPage();
      // The browser's own prompt() or confirm() would answer here: none may open.
      const native: string[] = [];
      page.on('dialog', (d) => {
        native.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      await signInAt(page, server.url, admin, words);
      await page.goto(`${server.url}/console/${org}/devices`);
      const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
      await row('Reception PC').waitFor();

      // Rename: the field is labelled, starts with the name, and refuses a blank one.
      await row('Reception PC').getByRole('button', { name: words.devices.rename }).click();
      const rename = page.getByRole('dialog', {
        name: fill(words.dialogs.rename.title, { device: 'Reception PC' }),
      });
      const name = rename.getByLabel(words.dialogs.rename.label);
      assert.equal(await name.inputValue(), 'Reception PC');
      await name.fill('   ');
      await rename.getByRole('button', { name: words.dialogs.save }).click();
      await rename.getByText(words.dialogs.required).waitFor();
      await assertAccessible(page, `rename dialog with an error (${language})`);
      await noSidewaysScroll(page, 'the rename dialog');
      await shot(page, `dialogs-${language}-rename`);
      await name.fill('Front desk');
      await rename.getByRole('button', { name: words.dialogs.save }).click();
      await rename.waitFor({ state: 'hidden' });
      await row('Front desk').waitFor();

      // Group: Escape leaves it as it was, and the focus is back on the Group button.
      const groupButton = row('Front desk').getByRole('button', { name: words.console.group, exact: true });
      await groupButton.click();
      const group = page.getByRole('dialog', {
        name: fill(words.dialogs.group.title, { device: 'Front desk' }),
      });
      await group.getByText(words.dialogs.group.description).waitFor();
      await group.getByLabel(words.dialogs.group.label).fill('Somewhere else');
      await assertAccessible(page, `group dialog (${language})`);
      await page.keyboard.press('Escape');
      await group.waitFor({ state: 'hidden' });
      assert.equal(
        await focusedText(page, words.console.group),
        words.console.group,
        'the focus is back on the opening button',
      );
      await row('Front desk').getByRole('cell', { name: words.console.noGroup, exact: true }).waitFor();

      // Group set with Enter, then emptied again: no group.
      await groupButton.click();
      await group.getByLabel(words.dialogs.group.label).fill('Floor 2');
      await page.keyboard.press('Enter');
      await row('Front desk').getByRole('cell', { name: 'Floor 2', exact: true }).waitFor();
      await groupButton.click();
      assert.equal(await group.getByLabel(words.dialogs.group.label).inputValue(), 'Floor 2');
      await group.getByLabel(words.dialogs.group.label).fill('');
      await group.getByRole('button', { name: words.dialogs.save }).click();
      await row('Front desk').getByRole('cell', { name: words.console.noGroup, exact: true }).waitFor();

      // Add a device: a code with how to use it, its expiry and a copy button.
      const addButton = page.getByRole('button', { name: words.console.enroll });
      await addButton.click();
      const add = page.getByRole('dialog', { name: words.console.enroll });
      await add.getByText(words.dialogs.addDevice.intro).waitFor();
      assert.match(await add.locator('output.dialog-code').innerText(), /\S{4,}/);
      await add.getByText(fill(words.dialogs.addDevice.once_other, { count: '10' })).waitFor();
      await add.getByRole('button', { name: words.dialogs.addDevice.copyCode }).waitFor();
      await assertAccessible(page, `add a device dialog (${language})`);
      await noSidewaysScroll(page, 'the add a device dialog');
      await shot(page, `dialogs-${language}-add-device`);
      await add.getByRole('button', { name: words.dialogs.done }).click();
      await add.waitFor({ state: 'hidden' });
      assert.equal(await focusedText(page, words.console.enroll), words.console.enroll);

      // Remove: asked in a dialog; Cancel keeps the device, the red button removes it.
      const removeButton = row('Front desk').getByRole('button', { name: words.console.remove, exact: true });
      await removeButton.click();
      const remove = page.getByRole('alertdialog', {
        name: fill(words.dialogs.remove.title, { device: 'Front desk' }),
      });
      await remove.getByText(fill(words.console.confirmRemove, { device: 'Front desk' })).waitFor();
      await assertAccessible(page, `remove dialog (${language})`);
      await noSidewaysScroll(page, 'the remove dialog');
      await shot(page, `dialogs-${language}-remove`);
      await remove.getByRole('button', { name: words.dialogs.cancel }).click();
      await remove.waitFor({ state: 'hidden' });
      await row('Front desk').waitFor();
      await removeButton.click();
      await remove.getByRole('button', { name: words.dialogs.remove.confirm }).click();
      await row('Front desk').waitFor({ state: 'detached' });

      await noSidewaysScroll(page, 'the devices page');
      assert.deepEqual(native, [], 'no native dialog opened');
      await context.close();
    });
  });
}
