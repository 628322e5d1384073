import { describe, expect, it } from 'vitest';
import { exportUrlOf, filterParams, NO_FILTERS } from './audit.api';

describe('audit log filters', () => {
  it('sends only the filters that are set, trimmed', () => {
    expect(filterParams({ ...NO_FILTERS, action: ' auth. ', actor: '', q: 'SUP-1' }).toString()).toBe('action=auth.&q=SUP-1');
  });
  it('the CSV link carries the same filters and the UI language', () => {
    expect(exportUrlOf({ ...NO_FILTERS, from: '2026-12-01', to: '2026-12-06' }, 'de-DE')).toBe('/api/admin/audit-events.csv?from=2026-12-01&to=2026-12-06&lang=de');
    expect(exportUrlOf(NO_FILTERS, 'en')).toBe('/api/admin/audit-events.csv?lang=en');
  });
});
