import { useTranslation } from 'react-i18next';
import i18n, { formatDate, locale } from '../i18n.ts';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "2 minutes ago", "in 3 days", "yesterday" ("for 2 minutter siden", "i går") in the user's language. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  for (const [unit, size] of UNITS)
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  // "now" reads oddly in "Last seen now": say "just now".
  return i18n.t('app.justNow');
}

/**
 * A recent or coming time said relatively, the exact date and time in its `title` and
 * `dateTime`. `words` puts it in a sentence: `t('devices.lastSeen', { date })`.
 */
export function RelativeTime({ iso, words }: { iso: string; words?: (relative: string) => string }) {
  // Re-rendered with the language, so the words change when it does.
  useTranslation();
  const relative = relativeTime(iso);
  return (
    <time dateTime={iso} title={formatDate(iso, true)}>
      {words ? words(relative) : relative}
    </time>
  );
}
