import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { I18nProvider } from 'react-aria-components';
import type { Language } from '../../i18n.ts';
import { isLanguage } from '../../i18n.ts';

/** React Aria's locale for each language: a language added without one does not compile. */
const LOCALES: Record<Language, string> = { en: 'en-GB', da: 'da-DK' };

/**
 * React Aria's own words (a dialog's hidden "Dismiss", a date picker's) and its number and date
 * formats in the page's language, following the language picker.
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = isLanguage(i18n.language) ? LOCALES[i18n.language] : LOCALES.en;
  return <I18nProvider locale={locale}>{children}</I18nProvider>;
}
