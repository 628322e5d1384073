import { describe, expect, it } from 'vitest';
import { displayName, nameProblem, normaliseName } from './display-name.contract.js';

describe('display names', () => {
  const name = displayName(20);

  it('are stored in one form: NFC, trimmed, each run of blanks one space', () => {
    expect(name.parse('  Ada \t\n Lovelace  ')).toBe('Ada Lovelace');
    expect(name.parse('Jose\u0301')).toBe('José');
    expect(name.parse('Ada\u00A0\u2003Lovelace')).toBe('Ada Lovelace');
    expect(name.parse('\u200BAda\u200B')).toBe('Ada');
    expect(normaliseName('e\u0301')).toHaveLength(1);
  });

  it('keep what scripts and emoji need: joiners, accents on a letter, variation selectors', () => {
    for (const ok of ['Zoë', 'می\u200Cخواهم', '👩\u200D💻 Team', '❤\uFE0F', 'O’Brien', 'Łukasz', '李小龍', 'X Æ A-12', '-']) {
      expect(nameProblem(normaliseName(ok)), ok).toBeNull();
    }
  });

  it('are refused when nothing would show', () => {
    for (const empty of ['', '   ', '\u200B\u200B', '\u200E', '\u2060', '\u3164', '\u115F\u1160', '\uFFA0', '\u2800', '\u0301\u0301', '\uFE0F', '\u00AD', '\u180E']) {
      expect(nameProblem(normaliseName(empty)), JSON.stringify(empty)).not.toBeNull();
    }
    const refused = name.safeParse('\u200B \u3164');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({
      code: 'custom',
      params: { code: 'NAME_INVALID', message: { en: 'has no visible characters', de: 'enthält keine sichtbaren Zeichen' } },
    });
  });

  it('are refused with bidirectional controls or other control characters', () => {
    for (const bidi of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(nameProblem(`Ada${bidi}Lovelace`), bidi.codePointAt(0)!.toString(16)).toBe('bidi_control');
    }
    expect(nameProblem('Invoice\u202Efdp.exe')).toBe('bidi_control');
    expect(nameProblem('Ada\u0000')).toBe('control');
    expect(nameProblem('Ada\u001B[31m')).toBe('control');
    expect(nameProblem('Ada\u0085')).toBe('control');
    expect(nameProblem('Ada\uD800')).toBe('control');
  });

  it('blank is a missing field, not a refused name', () => {
    expect(name.safeParse('  \t ').error?.issues).toEqual([expect.objectContaining({ code: 'too_small', minimum: 1 })]);
  });

  it('count their length after normalising', () => {
    expect(name.safeParse(`  ${'a'.repeat(20)}  `).success).toBe(true);
    expect(name.safeParse('a'.repeat(21)).success).toBe(false);
  });
});
