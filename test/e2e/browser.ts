import { existsSync, mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { da } from '../../src/web/locales/da.ts';
import { en } from '../../src/web/locales/en.ts';
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
/**
 * The portal's English sentences whose Danish differs (without placeholders, long enough not to
 * be a name): one of them on a Danish page is a word left untranslated.
 */
function englishOnly(a: unknown = en, b: unknown = da, found: string[] = []): string[] {
  if (typeof a === 'string') {
    if (a.length >= 12 && !a.includes('{{') && a !== b) found.push(a);
  } else if (a && typeof a === 'object')
    for (const [k, v] of Object.entries(a))
      englishOnly(v, (b as Record<string, unknown> | undefined)?.[k], found);
  return found;
}
export const ENGLISH_ONLY = englishOnly();

/** The English sentences a page in Danish shows (none, for a page that is not in Danish). */
export async function englishOnDanishPage(page: Page): Promise<string[]> {
  // What is marked as written in another language (an English email in the mailbox) is left out.
  const { lang, text } = await page.evaluate<{ lang: string; text: string }>(`(() => {
    const body = document.body.cloneNode(true);
    for (const other of body.querySelectorAll('[lang]:not([lang^="da"])')) other.remove();
    return { lang: document.documentElement.lang, text: body.textContent };
  })()`);
  return lang === 'da' ? ENGLISH_ONLY.filter((sentence) => text.includes(sentence)) : [];
}

/** axe finds nothing serious or critical, and a Danish page shows no English sentence of the portal's. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  assert.deepEqual(await englishOnDanishPage(page), [], `English on a Danish page: ${label}`);
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
