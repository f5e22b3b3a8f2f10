import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { da } from './locales/da.ts';
import { en } from './locales/en.ts';

export const LANGUAGES = ['en', 'da'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The browser's language when we have it, English otherwise; the account's choice wins once signed in. */
export function browserLanguage(): Language {
  const chosen = localStorage.getItem('seatpost.language');
  if (chosen === 'en' || chosen === 'da') return chosen;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('da')) ? 'da' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, da: { translation: da } },
  lng: browserLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Language): void {
  localStorage.setItem('seatpost.language', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** Dates in the user's language. */
export function formatDate(iso: string, withTime = false): string {
  const locale = i18n.language === 'da' ? 'da-DK' : 'en-GB';
  return new Intl.DateTimeFormat(
    locale,
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' },
  ).format(new Date(iso));
}

export default i18n;
