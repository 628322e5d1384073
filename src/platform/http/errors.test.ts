import { describe, expect, it } from 'vitest';
import { catalogueFragments, errorCatalogue } from './errors.js';

describe('error catalogue', () => {
  it('no feature reuses another feature’s code', () => {
    const total = Object.values(catalogueFragments).reduce((n, f) => n + Object.keys(f).length, 0);
    expect(Object.keys(errorCatalogue)).toHaveLength(total);
  });

  it('every code has a client-error or server-error status and both languages', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z0-9]+)+$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.en.length, code).toBeGreaterThan(5);
      expect(entry.de.length, code).toBeGreaterThan(5);
      expect(entry.de, code).not.toBe(entry.en);
    }
  });
});
