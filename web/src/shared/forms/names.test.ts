import { describe, expect, it } from 'vitest';
import { nameErrors, normaliseName } from './names';

describe('names in forms', () => {
  it('says what the server would say, in the UI language', () => {
    expect(nameErrors({ firstName: '\u200B\u3164', lastName: 'Lovelace', title: 'Ada\u202Eevil' }, 'de')).toEqual({
      firstName: 'enthält keine sichtbaren Zeichen',
      title: 'enthält Zeichen, die die Schreibrichtung ändern',
    });
    expect(nameErrors({ name: '\u2066x' }, 'en')).toEqual({ name: 'contains characters that change the writing direction' });
  });

  it('leaves empty fields to the required check, and sends names normalised', () => {
    expect(nameErrors({ name: '', other: null, blank: '   ' }, 'en')).toEqual({});
    expect(normaliseName('  Jose\u0301   Mari\u0301a ')).toBe('José María');
  });
});
