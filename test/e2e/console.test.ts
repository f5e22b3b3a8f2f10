import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { en } from '../../src/web/locales/en.ts';
import { da } from '../../src/web/locales/da.ts';
import { AgentProcess } from '../support/agent.ts';
import { startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import {
  WEB_ROOT,
  assertAccessible,
  ensurePortalBuilt,
  launch,
  shot,
  SKIP_WITHOUT_CHROMIUM,
  signInAt,
} from './browser.ts';

const skip = SKIP_WITHOUT_CHROMIUM;
const MANY = 60;

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

/** An organization whose admin manages many devices: two real apps (one asks its user) and many quiet ones. */
async function office(language: 'en' | 'da') {
  const admin = await server.newCustomer({ language });
  const org = (
    await server.operator.post('/v1/operator/organizations', {
      name: `Office ${language}`,
      admins: [admin.email],
    })
  ).body.id as string;
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: admin.id, role: 'admin' },
    new Date(),
  );
  const product = await server.createProduct({ business: true, name: 'Small Office Security' });
  await server.issueSubscription({ product: product.id, organization: org, seats: 500 } as any);
  const enroll = async (name: string, extra: string[] = []) => {
    const code = (await admin.api.post(`/v1/console/organizations/${org}/connect-codes`, {})).body
      .code as string;
    const agent = new AgentProcess([
      '--server',
      server.url,
      '--code',
      code,
      '--name',
      name,
      '--platform',
      'windows',
      '--app',
      'seatpost-security@22.1.0',
      ...extra,
    ]);
    agents.push(agent);
    await agent.waitFor('Listening for deliveries');
    return agent;
  };
  const pc = await enroll('Reception PC');
  const laptop = await enroll('Sales laptop', ['--ask-user']);
  const db = server.service.deps.db;
  const now = new Date();
  const ids = Array.from({ length: MANY }, (_, i) => `${org}-quiet-${i}`);
  await db
    .insertInto('devices')
    .values(
      ids.map((id, i) => ({
        id,
        account_id: admin.id,
        organization_id: org,
        name: `Desk ${String(i).padStart(2, '0')}`,
        platform: i % 2 ? 'macos' : 'windows',
        region: null,
        token_hash: null,
        group_name: i % 3 ? 'Floor 1' : 'Floor 2',
        connected_at: now,
        last_seen_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('device_apps')
    .values(ids.map((id) => ({ device_id: id, app: 'seatpost-security', version: '22.1.0' })))
    .execute();
  return { admin, org, pc, laptop };
}

const signIn = (page: Page, c: Customer, words: typeof en) => signInAt(page, server.url, c, words);

for (const [language, words] of [
  ['en', en],
  ['da', da],
] as const) {
  describe(`the administration console in ${language === 'en' ? 'English' : 'Danish'}`, { skip }, () => {
    test(`bulk send to ${MANY + 2} devices with live statuses, and an undo`, async () => {
      const o = await office(language);
      const context = await browser.newContext({
        locale: language === 'da' ? 'da-DK' : 'en-GB',
        viewport: { width: 1200, height: 900 },
      });
      const page = await context.newPage();
      await signIn(page, o.admin, words);
      await page.getByRole('link', { name: words.console.link }).click();
      await page.getByRole('link', { name: 'Small Office Security' }).click();
      await page.getByRole('row', { name: /Reception PC/ }).waitFor();
      await assertAccessible(page, 'console subscription');

      // Filter by group, select all shown, then everything: one send for all of them.
      await page.getByLabel(words.console.filterGroup).selectOption('Floor 2');
      await page
        .getByRole('button', { name: new RegExp(words.console.selectAll.split('(')[0]!.trim()) })
        .click();
      await page.getByLabel(words.console.filterGroup).selectOption('');
      await page
        .getByRole('button', { name: new RegExp(words.console.selectAll.split('(')[0]!.trim()) })
        .click();
      await page.getByText(words.console.selected.replace('{{count}}', String(MANY + 2))).waitFor();
      await shot(page, `console-${language}-selected`);
      await page.getByRole('button', { name: words.send.send, exact: true }).click();
      await page.getByText(words.console.sendResult_other.replace('{{count}}', String(MANY + 2))).waitFor();

      // Live: the real apps' rows change without reload.
      await page
        .getByRole('row', { name: /Reception PC/ })
        .locator('[data-status="completed"]')
        .waitFor({ timeout: 5000 });
      const laptopRow = page.getByRole('row', { name: /Sales laptop/ });
      await laptopRow.locator('[data-status="action_required"]').waitFor({ timeout: 5000 });
      await laptopRow.getByRole('button', { name: words.myDevices.undo }).click();
      await laptopRow.locator('[data-status="cancelled"]').waitFor({ timeout: 5000 });
      await o.laptop.waitFor('Cancelled delivery ');
      await assertAccessible(page, 'console after send');
      await shot(page, `console-${language}-sent`);

      // The rest of the send, undone in one go: the quiet devices' deliveries are cancelled; the
      // finished and the already undone ones are reported, not changed.
      await page.getByRole('button', { name: words.consoleFleet.undoSend, exact: true }).click();
      await page.getByText(words.consoleFleet.undone_other.replace('{{count}}', String(MANY))).waitFor();
      await page.getByText(words.consoleFleet.notUndone_other.replace('{{count}}', '2')).waitFor();
      // The counts at the top and the rows agree at once: one in use, nothing on the way, and no
      // row still says another delivery is pending.
      await page
        .getByText(
          words.subscriptions.seats_device_other.replace('{{used}}', '1').replace('{{count}}', '500'),
          { exact: true },
        )
        .waitFor();
      await page
        .getByText(words.reasons.DELIVERY_PENDING)
        .first()
        .waitFor({ state: 'detached', timeout: 5000 });
      // The deliveries list, by status.
      await page.getByText(words.consoleFleet.deliveries, { exact: true }).click();
      await page.getByLabel(words.consoleFleet.status).selectOption('completed');
      await page
        .getByRole('region', { name: words.consoleFleet.deliveries })
        .getByRole('row', { name: /Reception PC/ })
        .waitFor();
      await assertAccessible(page, 'console deliveries');

      for (const tab of ['devices', 'members', 'audit'] as const) {
        await page
          .getByRole('navigation', { name: words.console.title })
          .getByRole('link', { name: words.console.tabs[tab] })
          .click();
        await page.getByRole('table').or(page.locator('.cards, .audit')).first().waitFor();
        await assertAccessible(page, `console ${tab}`);
        await shot(page, `console-${language}-${tab}`);
      }
      // The audit log in sentences, with names: who undid what, where.
      const undid = words.consoleFleet.audit['delivery.undo']
        .replace('{{actor}}', 'Test Customer')
        .replace('{{subscription}}', 'Small Office Security')
        .replace('{{device}}', 'Sales laptop');
      await page.getByText(undid).waitFor();
      await page
        .getByLabel(words.consoleFleet.actions)
        .selectOption({ label: words.consoleFleet.auditLabel['delivery.undo_send'] });
      await page.getByText(new RegExp(`${MANY - 3} ${language === 'da' ? 'flere' : 'more'}`)).waitFor();
      await context.close();
    });
  });
}

test('the seats in use and the statuses follow a send live, without a reload', { skip }, async () => {
  const o = await office('en');
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, o.admin, en);
  await page.getByRole('link', { name: en.console.link }).click();
  await page.getByRole('link', { name: 'Small Office Security' }).click();
  const laptopRow = page.getByRole('row', { name: /Sales laptop/ });
  const seats = (used: number) =>
    en.subscriptions.seats_device_other.replace('{{used}}', String(used)).replace('{{count}}', '500');
  await page.getByText(seats(0), { exact: true }).waitFor();

  // A page that stays open: the app asks its user, who finishes a moment later.
  await page.evaluate(() => ((globalThis as any).samePage = true));
  await laptopRow.getByRole('checkbox').check();
  await page.getByRole('button', { name: en.send.send, exact: true }).click();
  await laptopRow.locator('[data-status="action_required"]').waitFor({ timeout: 5000 });
  await page
    .getByText(`${seats(0)} · ${en.subscriptions.reserved.replace('{{count}}', '1')}`, { exact: true })
    .waitFor();
  o.laptop.type('');
  await o.laptop.waitFor('Completed delivery ');
  await laptopRow.locator('[data-status="completed"]').waitFor({ timeout: 5000 });
  await page.getByText(seats(1), { exact: true }).waitFor({ timeout: 5000 });
  // It is now in use there: the device can no longer be chosen, and says why.
  await laptopRow.getByText(en.reasons.ALREADY_ACTIVE_ON_DEVICE).waitFor({ timeout: 5000 });
  assert.equal(await page.evaluate(() => (globalThis as any).samePage), true, 'the page was not reloaded');

  // The list of subscriptions keeps count too.
  await page
    .getByRole('navigation', { name: en.console.title })
    .getByRole('link', { name: en.console.tabs.subscriptions })
    .click();
  await page.getByText(new RegExp(seats(1))).waitFor();
  await context.close();
});

test('a member cannot send: the console says so, and every device shows why', { skip }, async () => {
  const o = await office('en');
  const member = await server.newCustomer();
  await upsertMembership(
    server.service.deps.db,
    { organizationId: o.org, accountId: member.id, role: 'member' },
    new Date(),
  );
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, member, en);
  await page.getByRole('link', { name: en.console.link }).click();
  await page.getByText(en.console.memberNote).waitFor();
  await page.getByRole('link', { name: 'Small Office Security' }).click();
  await page
    .getByRole('row', { name: /Reception PC/ })
    .getByText(en.reasons.NOT_SUBSCRIPTION_ADMIN)
    .waitFor();
  assert.equal(
    await page
      .getByRole('row', { name: /Reception PC/ })
      .getByRole('checkbox')
      .isDisabled(),
    true,
  );
  await context.close();
});
