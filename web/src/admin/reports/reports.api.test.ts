import { describe, expect, it } from 'vitest';
import { exportUrl, NO_FILTERS, reportQuery } from './reports.api';

describe('report queries', () => {
  it('sends only the filters that are set, trimmed, then paging', () => {
    expect(reportQuery(NO_FILTERS, { limit: 50, offset: 0 })).toBe('limit=50&offset=0');
    expect(reportQuery({ ...NO_FILTERS, status: 'passed', q: '  Anna ', overdue: true, dueFrom: '2026-01-01' }, { sort: 'score' })).toBe(
      'status=passed&dueFrom=2026-01-01&overdue=true&q=Anna&sort=score',
    );
  });

  it('builds the download address with format and the UI language', () => {
    expect(exportUrl('/api/learn/reports/overdue', { q: 'a&b' }, 'xlsx', 'de-DE')).toBe('/api/learn/reports/overdue/export?q=a%26b&format=xlsx&lang=de');
    expect(exportUrl('/api/learn/reports/courses/1', { groupId: 'g' }, 'csv', 'en', { sort: 'name' })).toBe(
      '/api/learn/reports/courses/1/export?groupId=g&sort=name&format=csv&lang=en',
    );
  });
});
