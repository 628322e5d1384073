import { describe, expect, it } from 'vitest';
import { modules } from './modules.js';
import { registeredErrors } from './platform/http/errors.js';
import { installModules } from './platform/modules/install-modules.js';

// Every area's codes, as a running server has them.
installModules(modules);

describe('error catalogue (all areas)', () => {
  it('no feature reuses another feature’s code', () => {
    const { fragments, entries } = registeredErrors();
    const total = Object.values(fragments).reduce((n, fragment) => n + Object.keys(fragment).length, 0);
    expect(Object.keys(entries)).toHaveLength(total);
    expect(Object.keys(fragments)).toEqual(expect.arrayContaining(['httpErrors', 'identityErrors', 'packageErrors', 'trackingErrors', 'reportErrors']));
  });

  it('every code has a client-error or server-error status and both languages', () => {
    for (const [code, entry] of Object.entries(registeredErrors().entries)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z0-9]+)+$/);
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.en.length, code).toBeGreaterThan(5);
      expect(entry.de.length, code).toBeGreaterThan(5);
      expect(entry.de, code).not.toBe(entry.en);
    }
  });
});
