import { formatDay } from '../app/devices/silent-device-mail.ts';
import type { KeepLink } from '../app/devices/keep-device.ts';
import type { Language } from '../domain/language.ts';

/**
 * The page the "Keep this device" email link opens: server-rendered, in the account's language.
 * Opening it changes nothing (mail scanners open links to look at them); its button, a plain
 * form POST back to the same address, keeps the device.
 */

const WORDS = {
  en: {
    title: 'Keep this device',
    open: (device: string, product: string, seen: string, ends: string) =>
      `${device} was last seen on ${seen}. Unless it checks in, it stops using ${product} on ${ends} and its seat is freed.`,
    button: 'Keep this device',
    kept: (device: string) =>
      `${device} keeps its seat. It is asked again only if it stays silent as long again.`,
    expired: 'This link no longer works: the date it named has passed, or the device is no longer connected.',
    unknown:
      'This link is not valid. Check that it was copied whole, or open your devices in your Seatpost account.',
  },
  da: {
    title: 'Behold denne enhed',
    open: (device: string, product: string, seen: string, ends: string) =>
      `${device} blev sidst set den ${seen}. Medmindre den melder sig, holder den op med at bruge ${product} den ${ends}, og pladsen bliver ledig.`,
    button: 'Behold denne enhed',
    kept: (device: string) =>
      `${device} beholder sin plads. Du bliver først spurgt igen, hvis den er tavs lige så længe igen.`,
    expired: 'Linket virker ikke længere: datoen er passeret, eller enheden er ikke længere tilsluttet.',
    unknown:
      'Linket er ikke gyldigt. Tjek, at hele linket kom med, eller åbn dine enheder på din Seatpost-konto.',
  },
} as const;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;color:#1a1a1a;background:#f6f7f9;margin:0}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
button{font:inherit;background:#0b57d0;color:#fff;border:0;padding:.6rem 1.2rem;border-radius:.3rem;font-weight:600;cursor:pointer}
button:focus{outline:3px solid #1a1a1a;outline-offset:2px}
`;

/** The keep page's policy: its own style (by nonce), and forms only back to itself. */
export function keepPagePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function renderKeepPage(link: KeepLink, nonce: string, fallback: Language = 'en'): string {
  const language = link.state === 'unknown' ? fallback : link.language;
  const w = WORDS[language];
  let body: string;
  if (link.state === 'open')
    body = `<p>${escapeHtml(
      w.open(
        link.deviceName,
        link.productName,
        formatDay(link.lastSeenAt, language),
        formatDay(link.endsAt, language),
      ),
    )}</p>
<form method="post"><button type="submit">${escapeHtml(w.button)}</button></form>`;
  else if (link.state === 'kept') body = `<p role="status">${escapeHtml(w.kept(link.deviceName))}</p>`;
  else body = `<p>${escapeHtml(link.state === 'expired' ? w.expired : w.unknown)}</p>`;
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(w.title)} · Seatpost</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body><main><h1>${escapeHtml(w.title)}</h1>
${body}
</main></body></html>
`;
}
