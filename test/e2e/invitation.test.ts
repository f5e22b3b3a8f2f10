import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import type { TestServer } from '../support/server.ts';
import { assertAccessible, portalAndBrowser, shot, SKIP_WITHOUT_CHROMIUM, signInAt } from './browser.ts';

/**
 * An invitation's link, opened in a phone's browser: the page names the organization, the role,
 * who invited and for which address; the invited person accepts and lands in the console, and
 * another account is told to sign in as the invited address, with no Accept button.
 */

const skip = SKIP_WITHOUT_CHROMIUM;
let server: TestServer;
let browser: Browser;
portalAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** A text with its {{placeholders}} filled in, as i18next does. */
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

async function noSideways(page: Page, label: string) {
  assert.equal(
    await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'),
    true,
    `no horizontal scroll: ${label}`,
  );
}

/** The token in the newest invitation mail to `email`, read from the outbox. */
async function tokenFor(email: string): Promise<string> {
  const rows = await server.service.deps.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', email)
    .execute();
  const m = /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(rows.map((r) => r.text_body).join('\n'));
  assert.ok(m, `an invitation link for ${email}`);
  return m[1]!;
}

const cases = [
  { language: 'en', words: en, locale: 'en-GB' },
  { language: 'da', words: da, locale: 'da-DK' },
] as const;

for (const c of cases)
  test(
    `an invitation's page names the organization, role and inviter; the right account joins (${c.language}, 375 px)`,
    { skip },
    async () => {
      const { words } = c;
      const office = `Demo Office ${c.language}`;
      const admin = await server.newCustomer({ language: c.language, name: 'Mette Hansen' });
      const created = await server.operator.post('/v1/operator/organizations', {
        name: office,
        admins: [admin.email],
      });
      const org = created.body.id as string;
      assert.equal(
        (await admin.api.post('/v1/console/invitations/accept', { token: await tokenFor(admin.email) }))
          .status,
        200,
      );
      const invitee = await server.newCustomer({ language: c.language });
      const stranger = await server.newCustomer({ language: c.language });
      assert.equal(
        (
          await admin.api.post(`/v1/console/organizations/${org}/invitations`, {
            email: invitee.email,
            role: 'admin',
          })
        ).status,
        201,
      );
      const link = `${server.url}/console/invitations/${await tokenFor(invitee.email)}`;
      const context = await browser.newContext({ locale: c.locale, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();

      // Another account opens the link: told whom it is for, offered Sign out, not Accept.
      await signInAt(page, server.url, stranger, words);
      await page.goto(link);
      await page
        .getByRole('heading', { level: 1, name: fill(words.invitation.title, { org: office }) })
        .waitFor();
      await page.getByText(fill(words.invitation.wrongAccount, { email: invitee.email })).waitFor();
      assert.equal(await page.getByRole('button', { name: words.console.accept }).count(), 0);
      await assertAccessible(page, `invitation for another account (${c.language})`);
      await noSideways(page, 'invitation for another account');
      await shot(page, `invitation-${c.language}-wrong-account`);

      // Sign out there, and sign in as the invited address: the same link opens again.
      await page.getByRole('main').getByRole('button', { name: words.app.signOut }).click();
      await page.getByLabel(words.auth.email).fill(invitee.email);
      await page.getByLabel(words.auth.password).fill(invitee.password);
      await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
      await page
        .getByRole('heading', { level: 1, name: fill(words.invitation.title, { org: office }) })
        .waitFor();
      await page
        .getByText(
          fill(words.invitation.invitedBy, { name: 'Mette Hansen', email: admin.email, org: office }),
        )
        .waitFor();
      const facts = page.locator('dl');
      await facts.getByText(words.console.role.admin, { exact: true }).waitFor();
      await facts.getByText(invitee.email, { exact: true }).waitFor();
      const expires = facts.locator('time');
      assert.ok(await expires.getAttribute('datetime'), 'the exact time is in the markup');
      assert.match((await expires.textContent()) ?? '', c.language === 'da' ? /om 7 dage/ : /in 7 days/);
      await assertAccessible(page, `invitation (${c.language})`);
      await noSideways(page, 'invitation');
      await shot(page, `invitation-${c.language}`);

      await page.getByRole('button', { name: words.console.accept }).click();
      await page.waitForURL(`${server.url}/console/${org}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(office) }).waitFor();
      await context.close();
    },
  );

test('a link that no longer works says so, and what to do (en, 375 px)', { skip }, async () => {
  const someone = await server.newCustomer();
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await signInAt(page, server.url, someone, en);
  await page.goto(`${server.url}/console/invitations/${'x'.repeat(43)}`);
  await page.getByRole('heading', { level: 1, name: en.invitation.invalidTitle }).waitFor();
  await page.getByText(en.invitation.invalid).waitFor();
  assert.equal(await page.getByRole('button', { name: en.console.accept }).count(), 0);
  await assertAccessible(page, 'invalid invitation');
  await noSideways(page, 'invalid invitation');
  await context.close();
});
