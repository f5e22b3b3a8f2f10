import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
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
