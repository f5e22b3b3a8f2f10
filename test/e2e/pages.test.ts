import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/app/demo/demo.ts';
import type { DemoServer } from '../../cli/screenshots/demo-server.ts';
import { startDemoServer } from '../../cli/screenshots/demo-server.ts';
import { RAW_VALUES, pageFacts, walkMainPages } from '../../cli/screenshots/walk.ts';
import { assertAccessible, ensurePortalBuilt, launch, shot, SKIP_WITHOUT_CHROMIUM } from './browser.ts';

const skip = SKIP_WITHOUT_CHROMIUM;

let server: DemoServer;
let browser: Browser;
before(async () => {
  if (skip) return;
  ensurePortalBuilt();
  server = await startDemoServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'every main page of the demo, in English and Danish, at 1280 and 375 px: fits, axe clean, no ids, codes, JSON or English on a Danish page',
  { skip, timeout: 300_000 },
  async () => {
    const problems: string[] = [];
    const seen = await walkMainPages({
      browser,
      baseUrl: server.url,
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      visit: async ({ name, language, width, page }) => {
        const where = `${name} (${language}, ${width} px)`;
        await shot(page, `pages-${name}-${language}-${width}`);
        const { text, sideways } = await pageFacts(page);
        if (sideways > 0) problems.push(`${where} scrolls ${sideways} px sideways`);
        for (const [what, pattern] of RAW_VALUES) {
          const found = pattern.exec(text);
          if (found) problems.push(`${where} shows ${what}: "${found[0]}"`);
        }
        await assertAccessible(page, where);
      },
    });
    assert.ok(seen.length >= 4 * 5, `the walk reached the main pages: ${seen.join(', ')}`);
    assert.deepEqual(problems, []);
  },
);
