/** The languages the portal, its emails and the download page speak; the first is the default. */
export const LANGUAGES = ['en', 'da'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A stored or requested language, or the default when it is one we do not speak. */
export function languageOr(language: string | null | undefined, fallback: Language = 'en'): Language {
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : fallback;
}
