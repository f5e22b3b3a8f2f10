import type { Browser, Page } from 'playwright-core';

/** The languages and widths every main page is seen in (issue 19: a picture of every page). */
export const WALK_LANGUAGES = ['en', 'da'] as const;
export const WALK_WIDTHS = [1280, 375] as const;
export type WalkLanguage = (typeof WALK_LANGUAGES)[number];

export interface WalkStop {
  /** A stable name: `subscriptions`, `console-devices`, … */
  name: string;
  language: WalkLanguage;
  width: number;
  page: Page;
}

export interface WalkOptions {
  browser: Browser;
  baseUrl: string;
  email: string;
  password: string;
  languages?: readonly WalkLanguage[];
  widths?: readonly number[];
  /** Called on each main page once it has loaded. */
  visit: (stop: WalkStop) => Promise<void>;
}

interface Json {
  [key: string]: unknown;
}

/**
 * Signs in as a customer and opens each main page of the portal and, when the account administers
 * an organization, of the console, in each language and width. The account's language is set
 * through the API (as the picker does), so pages render as that language's speaker sees them.
 */
export async function walkMainPages(options: WalkOptions): Promise<string[]> {
  const seen: string[] = [];
  for (const language of options.languages ?? WALK_LANGUAGES) {
    for (const width of options.widths ?? WALK_WIDTHS) {
      const context = await options.browser.newContext({
        locale: language === 'da' ? 'da-DK' : 'en-GB',
        viewport: { width, height: 900 },
      });
      try {
        const page = await context.newPage();
        await page.goto(options.baseUrl);
        await settled(page);
        await options.visit({ name: 'sign-in', language, width, page });
        seen.push(`sign-in-${language}-${width}`);
        await signIn(page, options.email, options.password, language);
        for (const [name, path] of await mainPages(page)) {
          await page.goto(new URL(path, options.baseUrl).href);
          await settled(page).catch(async (e: unknown) => {
            await page
              .screenshot({ path: `test-output/walk-stuck-${name}-${language}-${width}.png` })
              .catch(() => {});
            throw new Error(`${name} (${language}, ${width} px) at ${page.url()}: ${(e as Error).message}`);
          });
          await options.visit({ name, language, width, page });
          seen.push(`${name}-${language}-${width}`);
        }
      } finally {
        await context.close();
      }
    }
  }
  return seen;
}

async function signIn(page: Page, email: string, password: string, language: WalkLanguage): Promise<void> {
  const answer = await page.evaluate(
    async ({ email, password }) => {
      const r = await fetch('/v1/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      return r.status;
    },
    { email, password },
  );
  if (answer !== 200) throw new Error(`sign-in answered ${answer}`);
  await callApi(page, 'PATCH', '/v1/me', { language });
}

/** The main pages as [name, path], from what the account has. */
async function mainPages(page: Page): Promise<[string, string][]> {
  const pages: [string, string][] = [
    ['subscriptions', '/subscriptions'],
    ['devices', '/devices'],
    ['mailbox', '/mailbox'],
  ];
  const subscriptions = ((await callApi(page, 'GET', '/v1/me/subscriptions')).subscriptions ?? []) as Json[];
  const first = subscriptions[0];
  if (first) pages.splice(1, 0, ['subscription', `/subscriptions/${String(first.id)}`]);
  const orgs = ((await callApi(page, 'GET', '/v1/console/organizations')).organizations ?? []) as Json[];
  const admin = orgs.find((o) => o.role === 'admin');
  if (!admin) return pages;
  const org = `/console/${String(admin.id)}`;
  pages.push(
    ['console-subscriptions', `${org}/subscriptions`],
    ['console-devices', `${org}/devices`],
    ['console-members', `${org}/members`],
    ['console-audit', `${org}/audit`],
  );
  const listed = await callApi(page, 'GET', `/v1/console/organizations/${String(admin.id)}/subscriptions`);
  const orgSubscriptions = (listed.subscriptions ?? []) as Json[];
  const orgFirst = orgSubscriptions[0];
  if (orgFirst) pages.push(['console-subscription', `${org}/subscriptions/${String(orgFirst.id)}`]);
  return pages;
}

async function callApi(page: Page, method: string, path: string, body?: unknown): Promise<Json> {
  const { status, json } = await page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    { method, path, body },
  );
  if (status >= 400) throw new Error(`${method} ${path} answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

/** The page has drawn its heading and is no longer loading (event streams never go idle). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.locator('h1').first().waitFor();
  // Polled from here: the portal's Content-Security-Policy forbids the page-side eval that
  // waitForFunction needs.
  const loading = page.getByText(/^(Loading…|Indlæser…)$/);
  for (let waited = 0; (await loading.count()) > 0; waited += 50) {
    if (waited > 10_000) throw new Error(`${page.url()} is still loading`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a person must never see on a page: ids, codes and JSON (issue 19). */
export const RAW_VALUES: [string, RegExp][] = [
  ['an id', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
  ['a code', /\b[A-Z]{2,}(?:_[A-Z]+)+\b/],
  ['JSON', /[{[]\s*"[a-zA-Z]+"\s*:/],
  // An app by its id and version ("seatpost-security 22.1.0"), where people know it by its product's name.
  ['an app id', /\b[a-z]+(?:-[a-z]+)+ \d+\.\d+\.\d+\b/],
];

/** The DOM as the page sees it (this Node project does not load the DOM's types). */
interface PageGlobals {
  document: { body: { innerText: string }; documentElement: { scrollWidth: number; clientWidth: number } };
}

/** The page's visible text, and how far it scrolls sideways (0 when it fits). */
export async function pageFacts(page: Page): Promise<{ text: string; sideways: number }> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const root = document.documentElement;
    return { text: document.body.innerText, sideways: root.scrollWidth - root.clientWidth };
  });
}
