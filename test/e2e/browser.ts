import { existsSync, mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import type { en } from '../../src/web/locales/en.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** Why a file's browser tests are skipped here, or false: `describe(…, { skip: SKIP_WITHOUT_CHROMIUM })`. */
export const SKIP_WITHOUT_CHROMIUM: string | false = HAVE_CHROMIUM
  ? false
  : 'Chromium is not installed (/usr/bin/chromium); .ci/run installs it';
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../../test-output', import.meta.url));

/** The portal as built for `npm start`; built here when a test file runs on its own. */
export function ensurePortalBuilt(): void {
  if (existsSync(`${WEB_ROOT}/index.html`)) return;
  execFileSync(
    process.execPath,
    [
      fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url)),
      'build',
      '--logLevel',
      'warn',
    ],
    {
      stdio: 'inherit',
    },
  );
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** axe on the page as it is now: no serious or critical violation. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
    `axe on ${label}`,
  );
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: `${OUTPUT}/${name}.png`, fullPage: true });
}

/**
 * For one test file: a test server serving the built portal (with `options` as startTestServer
 * takes them) and one browser, started before the file's tests and closed after them. `ready`
 * hands both over. Without Chromium nothing starts (the tests are skipped).
 */
export function portalAndBrowser(
  ready: (server: TestServer, browser: Browser) => void,
  options: Parameters<typeof startTestServer>[0] = {},
): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    if (!HAVE_CHROMIUM) return;
    ensurePortalBuilt();
    server = await startTestServer({ webRoot: WEB_ROOT, ...options });
    browser = await launch();
    ready(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** Signs in on the portal's own page, as a person does, and waits for the Subscriptions page. */
export async function signInAt(
  page: Page,
  url: string,
  who: { email: string; password: string },
  words: typeof en,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel(words.auth.email).fill(who.email);
  await page.getByLabel(words.auth.password).fill(who.password);
  await page.getByRole('button', { name: words.auth.signIn, exact: true }).click();
  await page.getByRole('heading', { name: words.subscriptions.title }).waitFor();
}
