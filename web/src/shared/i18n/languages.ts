// Which UI languages exist and how a browser or stored preference maps onto them.
// Kept free of i18next and DOM access so it can be unit-tested in Node.

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** localStorage key holding the language the user picked in the language menu. */
export const LANGUAGE_STORAGE_KEY = 'lectern.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** 'de-AT' -> 'de', 'EN_us' -> 'en'; region and script subtags are dropped. */
export function baseLanguage(tag: string): string {
  return tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/** The first supported language among the candidates (in preference order), else English. */
export function pickLanguage(candidates: readonly (string | null | undefined)[]): Language {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const base = baseLanguage(candidate);
    if (isLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}
