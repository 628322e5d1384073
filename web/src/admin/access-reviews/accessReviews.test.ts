import { describe, expect, it } from 'vitest';
import { privilegeExportUrl, privilegeWords } from './accessReviews.api';

describe('the access reviews page’s helpers', () => {
  it('downloads the report with the filter shown, in the reader’s language', () => {
    expect(privilegeExportUrl({ unusedDays: 30, unusedOnly: true }, 'de-DE')).toBe('/api/admin/access/privileges/export?unusedDays=30&unusedOnly=true&lang=de');
    expect(privilegeExportUrl({ unusedDays: 90, unusedOnly: false }, 'en')).toBe('/api/admin/access/privileges/export?unusedDays=90&lang=en');
  });

  it('names roles in the reader’s words and shows other privileges as the server words them', () => {
    const roleName = (role: string) => `«${role}»`;
    expect(privilegeWords('role', 'admin', roleName)).toBe('«admin»');
    expect(privilegeWords('api_token', 'Reporting: reports:read', roleName)).toBe('Reporting: reports:read');
  });
});
