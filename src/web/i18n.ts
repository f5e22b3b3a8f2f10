import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../domain/language.ts';
import { da } from './locales/da.ts';
import type { Messages } from './locales/en.ts';
import { en } from './locales/en.ts';

export type { Language };

/** The words of each language the domain lists: one it adds without words here does not compile. */
const MESSAGES: Record<Language, Messages> = { en, da };
/** Each language by its own name, for the picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', da: 'Dansk' };
export const LANGUAGES = Object.keys(MESSAGES) as Language[];

export function isLanguage(value: string | null | undefined): value is Language {
  return !!value && Object.hasOwn(MESSAGES, value);
}

/** The browser's language when we have it, English otherwise; the account's choice wins once signed in. */
export function browserLanguage(): Language {
  const chosen = localStorage.getItem('seatpost.language');
  if (isLanguage(chosen)) return chosen;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('da')) ? 'da' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(LANGUAGES.map((lang) => [lang, { translation: MESSAGES[lang] }])),
  lng: browserLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Language): void {
  localStorage.setItem('seatpost.language', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/**
 * The locale for dates and names: the browser's own when it is in the chosen language (so an
 * American reader gets American dates), the language's home country's otherwise.
 */
export function locale(language: string = i18n.language): string {
  const lang = language === 'da' ? 'da' : 'en';
  return (
    navigator.languages.find((l) => l.toLowerCase().split('-')[0] === lang) ??
    (lang === 'da' ? 'da-DK' : 'en-GB')
  );
}

/** Dates in the user's language. */
export function formatDate(iso: string, withTime = false): string {
  return new Intl.DateTimeFormat(
    locale(),
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' },
  ).format(new Date(iso));
}

/** The browser's country (ISO 3166 alpha-2), as the likely answer to "where do you live". */
export function browserCountry(): string {
  for (const tag of navigator.languages) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && /^[A-Z]{2}$/.test(region)) return region;
    } catch {
      // An odd tag: try the next.
    }
  }
  return '';
}

/**
 * The countries (`codes`: the server's one list, GET /v1/auth/countries), as [code, name] in the
 * user's language, sorted by name.
 */
export function countries(codes: readonly string[], language: string): [string, string][] {
  const names = new Intl.DisplayNames([locale(language)], { type: 'region', fallback: 'code' });
  const list = codes.map((code): [string, string] => [code, names.of(code) ?? code]);
  return list.sort((x, y) => x[1].localeCompare(y[1], locale(language)));
}

export default i18n;
