import type { Language } from '../../domain/language.ts';
import { singleLine } from '../../domain/text.ts';
import type { DownloadLinkMail } from '../shared/mail-port.ts';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The link's expiry as people read it in the language, in UTC (we do not know the reader's time zone). */
export function formatExpiry(at: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(at);
}

const WORDS = {
  en: {
    subject: (product: string) => `Your download link for ${product}`,
    heading: (product: string) => `Install ${product} on a new device`,
    intro: (product: string) =>
      `You asked for a link to install ${product} on a new device. The link below works on any device; open it on the one where you want to use the subscription.`,
    stepsTitle: 'On the new device:',
    steps: [
      'Open this email on the new device, and open the link.',
      'Download the installer for the device. A one-time code is copied to the clipboard at the same time, so make sure there is nothing important on the clipboard first.',
      'Run the installer. The app connects to the account by itself with the code, and starts using the subscription.',
    ],
    button: 'Open the download page',
    expires: (date: string) => `The link works until ${date} (UTC). Each download gives a new one-time code.`,
    forward:
      'Do not forward this email: anyone with the link can connect a device to the account until the link expires.',
    ignore: 'If you did not ask for this link, you can ignore this email.',
  },
  da: {
    subject: (product: string) => `Dit downloadlink til ${product}`,
    heading: (product: string) => `Installér ${product} på en ny enhed`,
    intro: (product: string) =>
      `Du har bedt om et link til at installere ${product} på en ny enhed. Linket nedenfor virker på alle enheder; åbn det på den enhed, hvor du vil bruge abonnementet.`,
    stepsTitle: 'Sådan gør du på den nye enhed:',
    steps: [
      'Åbn denne e-mail på den nye enhed, og åbn linket.',
      'Download installationsprogrammet til enheden. Samtidig bliver en engangskode kopieret til udklipsholderen, så sørg for, at du ikke har vigtige data i udklipsholderen.',
      'Kør installationsprogrammet. Appen opretter selv forbindelse til kontoen med koden og begynder at bruge abonnementet.',
    ],
    button: 'Åbn downloadsiden',
    expires: (date: string) => `Linket virker indtil ${date} (UTC). Hver download giver en ny engangskode.`,
    forward:
      'Videresend ikke denne e-mail: Alle, der har linket, kan tilslutte en enhed til kontoen, indtil linket udløber.',
    ignore: 'Hvis du ikke har bedt om dette link, kan du se bort fra denne e-mail.',
  },
} as const;

/**
 * The download-link email, in the account's language: what it is, what to do on the new device
 * (including the clipboard warning of the help article), and when the link expires. HTML and
 * plain text say the same.
 */
export function downloadLinkEmail(m: DownloadLinkMail): { subject: string; text: string; html: string } {
  const w = WORDS[m.language];
  const subject = singleLine(w.subject(m.productName));
  const expires = w.expires(formatExpiry(m.expiresAt, m.language));
  const text = [
    w.heading(m.productName),
    '',
    w.intro(m.productName),
    '',
    w.stepsTitle,
    ...w.steps.map((s, i) => `${i + 1}. ${s}`),
    '',
    m.url,
    '',
    expires,
    '',
    w.forward,
    w.ignore,
    '',
  ].join('\n');
  const product = escapeHtml(m.productName);
  const url = escapeHtml(m.url);
  const html = `<!doctype html><html lang="${m.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem;margin:0 auto;padding:1rem">
<h1 style="font-size:1.3rem">${escapeHtml(w.heading(m.productName))}</h1>
<p>${escapeHtml(w.intro(m.productName)).replace(product, `<strong>${product}</strong>`)}</p>
<p>${escapeHtml(w.stepsTitle)}</p>
<ol>${w.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>
<p><a href="${url}" style="display:inline-block;background:#0b57d0;color:#fff;padding:.6rem 1rem;border-radius:.3rem;text-decoration:none">${escapeHtml(w.button)}</a></p>
<p style="font-size:.9rem;word-break:break-all"><a href="${url}">${url}</a></p>
<p>${escapeHtml(expires)}</p>
<p style="font-size:.9rem;color:#444">${escapeHtml(w.forward)}<br>${escapeHtml(w.ignore)}</p>
</body></html>
`;
  return { subject, text, html };
}
