import type { Language } from '../../domain/language.ts';
import { singleLine } from '../../domain/text.ts';
import type { Db } from '../../store/database.ts';
import { enqueueMail } from '../../store/mail-outbox.repository.ts';
import type { Deps } from '../shared/deps.ts';

/** What the "your device's seat frees soon" email says. */
export interface SilentDeviceMail {
  to: string;
  language: Language;
  deviceName: string;
  productName: string;
  lastSeenAt: Date;
  endsAt: Date;
  /** The one-click "Keep this device" page (it works until `endsAt`). */
  keepUrl: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A date as people read it in the language, in UTC (we do not know the reader's time zone). */
export function formatDay(at: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(at);
}

const WORDS = {
  en: {
    subject: (device: string) => `${device} has not checked in: keep its seat?`,
    body: (device: string, product: string, seen: string, ends: string) =>
      `${device} was last seen on ${seen}. Unless it checks in, it stops using ${product} on ${ends} and its seat is freed for another device.`,
    still: 'Do you still use this device? Keep it with one click:',
    button: 'Keep this device',
    otherwise:
      'If you no longer use it, you need not do anything. Starting the app on the device also keeps it.',
    link: (ends: string) => `The link works until ${ends}.`,
  },
  da: {
    subject: (device: string) => `${device} har ikke meldt sig: vil du beholde pladsen?`,
    body: (device: string, product: string, seen: string, ends: string) =>
      `${device} blev sidst set den ${seen}. Medmindre den melder sig, holder den op med at bruge ${product} den ${ends}, og pladsen bliver ledig til en anden enhed.`,
    still: 'Bruger du stadig enheden? Behold den med ét klik:',
    button: 'Behold denne enhed',
    otherwise:
      'Bruger du den ikke længere, skal du ikke gøre noget. Starter du appen på enheden, beholder du den også.',
    link: (ends: string) => `Linket virker indtil den ${ends}.`,
  },
} as const;

/** The warning email, in the account's language; HTML and plain text say the same. */
export function silentDeviceEmail(m: SilentDeviceMail): { subject: string; text: string; html: string } {
  const w = WORDS[m.language];
  const seen = formatDay(m.lastSeenAt, m.language);
  const ends = formatDay(m.endsAt, m.language);
  const subject = singleLine(w.subject(m.deviceName));
  const body = w.body(m.deviceName, m.productName, seen, ends);
  const text = [body, '', w.still, m.keepUrl, '', w.link(ends), w.otherwise, ''].join('\n');
  const url = escapeHtml(m.keepUrl);
  const html = `<!doctype html><html lang="${m.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem;margin:0 auto;padding:1rem">
<p>${escapeHtml(body)}</p>
<p>${escapeHtml(w.still)}</p>
<p><a href="${url}" style="display:inline-block;background:#0b57d0;color:#fff;padding:.6rem 1rem;border-radius:.3rem;text-decoration:none">${escapeHtml(w.button)}</a></p>
<p style="font-size:.9rem;word-break:break-all"><a href="${url}">${url}</a></p>
<p style="font-size:.9rem;color:#444">${escapeHtml(w.link(ends))}<br>${escapeHtml(w.otherwise)}</p>
</body></html>
`;
  return { subject, text, html };
}

/** Queues the warning in the outbox, in the caller's transaction (so it goes if and only if the warning is written). */
export async function queueSilentDeviceMail(
  db: Db,
  deps: Pick<Deps, 'clock' | 'random' | 'settings'>,
  m: SilentDeviceMail,
): Promise<void> {
  const id = deps.random.id();
  await enqueueMail(db, {
    id,
    messageId: `<${id}@${new URL(deps.settings.publicUrl).hostname}>`,
    to: m.to.toLowerCase(),
    ...silentDeviceEmail(m),
    createdAt: deps.clock.now(),
  });
}
