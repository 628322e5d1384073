import { describe, expect, it } from 'vitest';
import { privilegeExportUrl, privilegeWords } from './accessReviews.api';

describe('the access reviews page’s helpers', () => {
  it('downloads the report with the filter shown, in the reader’s language', () => {
    expect(privilegeExportUrl({ unusedDays: 30, unusedOnly: true }, 'de-DE')).toBe('/api/admin/access/privileges/export?unusedDays=30&unusedOnly=true&lang=de');
    expect(privilegeExportUrl({ unusedDays: 90, unusedOnly: false }, 'en')).toBe('/api/admin/access/privileges/export?unusedDays=90&lang=en');
  });

  it('names roles and staff grants in the reader’s words and shows other privileges as the server words them', () => {
    const names = { role: (role: string) => `«${role}»`, staffScope: (scope: string) => `‹${scope}›`, pendingApproval: 'wartet' };
    expect(privilegeWords('role', 'admin', names)).toBe('«admin»');
    expect(privilegeWords('staff_grant', 'support_read', names)).toBe('‹support_read›');
    expect(privilegeWords('staff_grant', 'admin (pending approval)', names)).toBe('‹admin› (wartet)');
    expect(privilegeWords('api_token', 'Reporting: reports:read', names)).toBe('Reporting: reports:read');
  });
});
