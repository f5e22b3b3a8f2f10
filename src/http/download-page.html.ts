import { formatExpiry } from '../app/downloads/download-link-email.ts';
import type { Platform } from '../domain/installers.ts';
import { PLATFORM_NAMES } from '../domain/installers.ts';
import type { Language } from '../domain/language.ts';
import { LANGUAGES } from '../domain/language.ts';

/**
 * The download page a download link opens on the new device, and the pages for a link that does
 * not work: server-rendered HTML in the account's language, with one small inline script (allowed
 * by its nonce) that copies a fresh one-time code to the clipboard before each download.
 */

export interface PageInstaller {
  id: string;
  platform: Platform;
  version: string;
  fileName: string;
  size: number | null;
  sha256: string;
}

export interface DownloadPageModel {
  language: Language;
  productName: string;
  expiresAt: Date;
  visitorPlatform: Platform | null;
  installers: PageInstaller[];
}

const WORDS = {
  en: {
    title: (p: string) => `Download ${p}`,
    intro: (p: string) => `Install ${p} on this device with the installer below.`,
    warningTitle: 'A one-time code will be copied to your clipboard',
    warning:
      'When you download an installer, a one-time code is copied to the clipboard of this device. The app uses it to connect to the account by itself when you install it. Make sure there is no important data on the clipboard before you download.',
    forThisDevice: (platform: string) => `For this device (${platform})`,
    otherPlatforms: 'Other platforms',
    allPlatforms: 'Installers',
    download: (platform: string) => `Download for ${platform}`,
    details: (version: string, size: string) => `Version ${version}${size ? ` · ${size}` : ''}`,
    checksum: 'SHA-256',
    none: 'No installer is available for this product yet. Try again later, or contact customer service.',
    expires: (date: string) => `This link works until ${date} (UTC).`,
    copying: 'Getting a one-time code…',
    copied:
      'The one-time code is on the clipboard. Your download starts now: run the installer when it has finished, and the app connects by itself.',
    notCopied:
      'The code could not be copied to the clipboard. Your download starts now: when the app asks for a code, enter {code}',
    failed:
      'No one-time code could be made right now, so the app will ask you to connect it to your account. Your download starts now.',
    expired: 'This link has expired. Ask for a new download link from your Seatpost account.',
    noScript:
      'Without JavaScript no code is copied: after installing, connect the app with a one-time code from the Devices tab of your Seatpost account.',
  },
  da: {
    title: (p: string) => `Download ${p}`,
    intro: (p: string) => `Installér ${p} på denne enhed med installationsprogrammet nedenfor.`,
    warningTitle: 'En engangskode bliver kopieret til din udklipsholder',
    warning:
      'Når du downloader et installationsprogram, bliver en engangskode kopieret til udklipsholderen på denne enhed. Appen bruger den til selv at oprette forbindelse til kontoen, når du installerer den. Sørg for, at du ikke har vigtige data i udklipsholderen, før du downloader.',
    forThisDevice: (platform: string) => `Til denne enhed (${platform})`,
    otherPlatforms: 'Andre platforme',
    allPlatforms: 'Installationsprogrammer',
    download: (platform: string) => `Download til ${platform}`,
    details: (version: string, size: string) => `Version ${version}${size ? ` · ${size}` : ''}`,
    checksum: 'SHA-256',
    none: 'Der er endnu ikke noget installationsprogram til dette produkt. Prøv igen senere, eller kontakt kundeservice.',
    expires: (date: string) => `Linket virker indtil ${date} (UTC).`,
    copying: 'Henter en engangskode…',
    copied:
      'Engangskoden er i udklipsholderen. Din download starter nu: Kør installationsprogrammet, når det er hentet, så opretter appen selv forbindelse.',
    notCopied:
      'Koden kunne ikke kopieres til udklipsholderen. Din download starter nu: Når appen beder om en kode, skal du indtaste {code}',
    failed:
      'Der kunne ikke laves en engangskode lige nu, så appen vil bede dig om at forbinde den til din konto. Din download starter nu.',
    expired: 'Linket er udløbet. Bed om et nyt downloadlink fra din Seatpost-konto.',
    noScript:
      'Uden JavaScript bliver der ikke kopieret nogen kode: Når appen er installeret, kan du forbinde den med en engangskode fra fanen Enheder på din Seatpost-konto.',
  },
} as const;

const PROBLEMS = {
  unknown: {
    en: {
      title: 'This link does not work',
      text: 'The link may be incomplete or mistyped. Open it again from the email, or ask for a new download link from your Seatpost account: Subscriptions → the subscription → Send to device → Other downloads → Send link.',
    },
    da: {
      title: 'Linket virker ikke',
      text: 'Linket er måske ufuldstændigt eller forkert indtastet. Åbn det igen fra e-mailen, eller bed om et nyt downloadlink fra din Seatpost-konto: Abonnementer → abonnementet → Send til enhed → Andre downloads → Send link.',
    },
  },
  expired: {
    en: {
      title: 'This link has expired',
      text: 'Download links work for a limited time. Ask for a new one from your Seatpost account: Subscriptions → the subscription → Send to device → Other downloads → Send link.',
    },
    da: {
      title: 'Linket er udløbet',
      text: 'Downloadlinks virker kun i en begrænset periode. Bed om et nyt fra din Seatpost-konto: Abonnementer → abonnementet → Send til enhed → Andre downloads → Send link.',
    },
  },
} as const;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside a <script> element: "<" escaped, so that no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function formatSize(bytes: number | null, language: Language): string {
  if (bytes === null) return '';
  const locale = language === 'da' ? 'da-DK' : 'en-GB';
  const [value, unit] =
    bytes >= 1024 ** 3
      ? [bytes / 1024 ** 3, 'GB']
      : bytes >= 1024 ** 2
        ? [bytes / 1024 ** 2, 'MB']
        : bytes >= 1024
          ? [bytes / 1024, 'KB']
          : [bytes, language === 'da' ? 'byte' : 'bytes'];
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

/** The strict policy the pages are sent with: nothing runs or loads but the page's own nonce'd parts. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;color:#1a1a1a;background:#f6f7f9;margin:0}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.brand{font-weight:700;color:#0b57d0}
.warning{background:#fff4ce;border:1px solid #c9a400;border-radius:.4rem;padding:.75rem 1rem}
.warning strong{display:block}
ul.installers{list-style:none;padding:0;margin:0}
ul.installers li{background:#fff;border:1px solid #d0d4da;border-radius:.4rem;padding:.75rem 1rem;margin:.5rem 0}
a.download{display:inline-block;background:#0b57d0;color:#fff;text-decoration:none;padding:.5rem 1rem;border-radius:.3rem;font-weight:600}
a.download:focus{outline:3px solid #1a1a1a;outline-offset:2px}
.meta{color:#444;font-size:.9rem;margin:.25rem 0 0}
code{font-size:.8rem;word-break:break-all}
#status{font-weight:600;min-height:1.5em}
#status code{font-size:1.1rem;background:#fff;padding:0 .3rem}
`;

function page(language: Language, title: string, nonce: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<p class="brand">Seatpost</p>
${body}
</main>
${script}
</body>
</html>
`;
}

function installerItem(i: PageInstaller, token: string, language: Language): string {
  const w = WORDS[language];
  const platform = PLATFORM_NAMES[i.platform];
  const href = `/d/${encodeURIComponent(token)}/installers/${encodeURIComponent(i.id)}`;
  return `<li data-platform="${i.platform}">
<a class="download" data-installer="${escapeHtml(i.id)}" href="${escapeHtml(href)}">${escapeHtml(w.download(platform))}</a>
<p class="meta">${escapeHtml(w.details(i.version, formatSize(i.size, language)))} · ${escapeHtml(i.fileName)}</p>
<p class="meta">${w.checksum}: <code>${escapeHtml(i.sha256)}</code></p>
</li>`;
}

/** Copies a fresh code to the clipboard on each download click, then starts the download. */
const SCRIPT = `(() => {
  const words = JSON.parse(document.getElementById('words').textContent);
  const status = document.getElementById('status');
  const say = (text, code) => {
    status.textContent = '';
    const parts = text.split('{code}');
    status.append(parts[0]);
    if (code !== undefined && parts.length > 1) {
      const c = document.createElement('code');
      c.textContent = code;
      status.append(c, parts[1]);
    }
  };
  for (const a of document.querySelectorAll('a[data-installer]')) {
    a.addEventListener('click', async (event) => {
      event.preventDefault();
      say(words.copying);
      let code;
      try {
        const r = await fetch(words.codeUrl, { method: 'POST', headers: { accept: 'application/json' } });
        const body = await r.json().catch(() => ({}));
        if (r.ok) code = body.code;
        else if (body.code === 'DOWNLOAD_LINK_EXPIRED') return say(words.expired);
      } catch {}
      if (code === undefined) say(words.failed);
      else {
        try {
          await navigator.clipboard.writeText(code);
          say(words.copied);
        } catch {
          say(words.notCopied, code);
        }
      }
      location.assign(a.href);
    });
  }
})();`;

export function renderDownloadPage(model: DownloadPageModel, token: string, nonce: string): string {
  const { language } = model;
  const w = WORDS[language];
  const mine = model.installers.filter((i) => i.platform === model.visitorPlatform);
  const others = model.installers.filter((i) => i.platform !== model.visitorPlatform);
  const list = (items: PageInstaller[]) =>
    `<ul class="installers">${items.map((i) => installerItem(i, token, language)).join('\n')}</ul>`;
  const sections =
    model.installers.length === 0
      ? `<p>${escapeHtml(w.none)}</p>`
      : mine.length > 0
        ? `<h2>${escapeHtml(w.forThisDevice(PLATFORM_NAMES[model.visitorPlatform!]))}</h2>${list(mine)}` +
          (others.length > 0 ? `<h2>${escapeHtml(w.otherPlatforms)}</h2>${list(others)}` : '')
        : `<h2>${escapeHtml(w.allPlatforms)}</h2>${list(others)}`;
  const body = `<h1>${escapeHtml(w.title(model.productName))}</h1>
<p>${escapeHtml(w.intro(model.productName))}</p>
<div class="warning" role="note"><strong>${escapeHtml(w.warningTitle)}</strong>${escapeHtml(w.warning)}</div>
<p id="status" role="status" aria-live="polite"></p>
<noscript><p>${escapeHtml(w.noScript)}</p></noscript>
${sections}
<p class="meta">${escapeHtml(w.expires(formatExpiry(model.expiresAt, language)))}</p>`;
  const words = {
    codeUrl: `/d/${encodeURIComponent(token)}/code`,
    copying: w.copying,
    copied: w.copied,
    notCopied: w.notCopied,
    failed: w.failed,
    expired: w.expired,
  };
  const script = `<script type="application/json" id="words" nonce="${nonce}">${scriptJson(words)}</script>
<script nonce="${nonce}">${SCRIPT}</script>`;
  return page(language, w.title(model.productName), nonce, body, script);
}

/**
 * The page for a link that does not work: expired (in the link's language), or unknown, which
 * may be tampered with, so its language is not known and both are shown.
 */
export function renderLinkProblem(
  kind: 'unknown' | 'expired',
  language: Language | null,
  nonce: string,
): string {
  const languages: readonly Language[] = language ? [language] : LANGUAGES;
  const body = languages
    .map((l) => {
      const p = PROBLEMS[kind][l];
      return `<section lang="${l}"><h1>${escapeHtml(p.title)}</h1><p>${escapeHtml(p.text)}</p></section>`;
    })
    .join('\n');
  return page(languages[0]!, PROBLEMS[kind][languages[0]!].title, nonce, body);
}
