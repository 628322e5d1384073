import type { Language } from '../../platform/http/index.js';

const names: Record<Language, Intl.DisplayNames> = {
  en: new Intl.DisplayNames(['en'], { type: 'language' }),
  de: new Intl.DisplayNames(['de'], { type: 'language' }),
};

/** A course language's name (BCP 47 tag) in the page's language; the tag itself when the runtime cannot name it. */
export function languageName(tag: string, language: Language): string {
  try {
    return names[language].of(tag) ?? tag;
  } catch {
    // A tag that is well formed by the product's rule but not by BCP 47's stricter one.
    return tag;
  }
}
