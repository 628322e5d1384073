import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { pickLanguage } from './languages';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const english = flatten(en);
  const german = flatten(de);

  it('have the same keys in German and English', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of english) {
      expect({ key, placeholders: placeholders(german.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('have no empty texts', () => {
    for (const [key, text] of [...english, ...german]) expect({ key, text: text.trim() }).not.toEqual({ key, text: '' });
  });

  it('label the sign-in form as the end-to-end tests expect', () => {
    expect([en.signIn.email, en.signIn.password, en.signIn.submit]).toEqual(['E-mail', 'Password', 'Sign in']);
    expect([de.signIn.email, de.signIn.password, de.signIn.submit]).toEqual(['E-Mail', 'Passwort', 'Anmelden']);
    expect(en.signIn.sessionEnded).toBe('Your session has ended. Please sign in again.');
  });
});

describe('pickLanguage', () => {
  it('takes the first supported language, ignoring the region', () => {
    expect(pickLanguage(['de-AT', 'en-US'])).toBe('de');
    expect(pickLanguage(['fr-FR', 'en-GB', 'de'])).toBe('en');
    expect(pickLanguage(['fr', 'DE_ch'])).toBe('de');
  });

  it('falls back to English', () => {
    expect(pickLanguage([])).toBe('en');
    expect(pickLanguage(['fr', 'it', undefined, null, ''])).toBe('en');
  });
});
