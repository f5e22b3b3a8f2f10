/**
 * `npm run screenshots`: renews the README's pictures from the product as `npm start` runs it —
 * its demo account, in English at 1280 px and in Danish at 375 px. The browser tests
 * (test/e2e/pages.test.ts) take every main page in both languages and widths into test-output/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../src/app/demo/demo.ts';
import { startDemoServer } from './screenshots/demo-server.ts';
import { walkMainPages } from './screenshots/walk.ts';

/** The README's pictures: the main steps, each in one language and width. */
const PICTURES = new Set([
  'subscriptions-en-1280',
  'subscription-en-1280',
  'devices-en-1280',
  'console-devices-en-1280',
  'console-audit-en-1280',
  'subscription-da-375',
  'devices-da-375',
  'console-subscription-da-375',
]);

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const server = await startDemoServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
});
try {
  const seen = await walkMainPages({
    browser,
    baseUrl: server.url,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    visit: async ({ name, language, width, page }) => {
      const file = `${name}-${language}-${width}`;
      if (PICTURES.has(file)) await page.screenshot({ path: `${out}${file}.png` });
    },
  });
  const missing = [...PICTURES].filter((p) => !seen.includes(p));
  if (missing.length) throw new Error(`pages not reached: ${missing.join(', ')}`);
  console.log(`wrote ${PICTURES.size} pictures to docs/screenshots/`);
} finally {
  await browser.close();
  await server.stop();
}
