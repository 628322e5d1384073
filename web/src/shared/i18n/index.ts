import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de';
import { en, type Messages } from './en';
import { DEFAULT_LANGUAGE, LANGUAGE_STORAGE_KEY, LANGUAGES, isLanguage, pickLanguage, type Language } from './languages';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // Storage can be unavailable (disabled, sandboxed).
  }
}

/** The language picked in the menu, also held here: the end of a session clears storage (see languageChoice). */
let chosenLanguage: Language | null = ((stored) => (isLanguage(stored) ? stored : null))(storedLanguage());

/** An explicit choice from the language menu wins; otherwise the browser's languages. */
function initialLanguage(): Language {
  return pickLanguage([chosenLanguage, ...navigator.languages, navigator.language]);
}

// <html lang> follows the UI language (screen readers, hyphenation, spell checking).
i18n.on('languageChanged', () => {
  document.documentElement.lang = currentLanguage();
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: initialLanguage(),
  supportedLngs: [...LANGUAGES],
  fallbackLng: DEFAULT_LANGUAGE,
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes.
});

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers the choice for the next visit. */
export async function setLanguage(lng: Language): Promise<void> {
  chosenLanguage = lng;
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Not remembered, but the switch still applies.
  }
  await i18n.changeLanguage(lng);
}

/**
 * The storage entry of the language picked in the menu, to write back after the end of a session
 * clears storage: the choice belongs to the device, not to the user who signed out.
 */
export function languageChoice(): Record<string, string> {
  return chosenLanguage ? { [LANGUAGE_STORAGE_KEY]: chosenLanguage } : {};
}

export { i18n };
