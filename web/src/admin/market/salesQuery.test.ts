import { describe, expect, it } from 'vitest';
import { defaultSalesView, isValidRange, periodText, salesViewFrom } from './salesQuery';

describe('the sales report in the address', () => {
  it('starts with the last twelve months by month', () => {
    expect(defaultSalesView(new Date(2031, 4, 17))).toEqual({ from: '2030-06-01', to: '2031-05-17', currency: 'EUR', groupBy: 'month' });
  });

  it('takes what the address says, and the defaults for what it gets wrong', () => {
    const now = new Date(2031, 4, 17);
    expect(salesViewFrom(new URLSearchParams('from=2031-01-01&to=2031-03-31&currency=CHF&groupBy=week'), now)).toEqual({ from: '2031-01-01', to: '2031-03-31', currency: 'CHF', groupBy: 'week' });
    expect(salesViewFrom(new URLSearchParams('from=yesterday&currency=XXX&groupBy=year'), now)).toEqual(defaultSalesView(now));
    expect(isValidRange({ from: '2031-02-01', to: '2031-01-01' })).toBe(false);
  });

  it('names periods in the UI language', () => {
    expect(periodText('2031-05', 'month', 'en')).toBe('May 2031');
    expect(periodText('2031-05-01', 'month', 'de')).toBe('Mai 2031');
    expect(periodText('2031-05-02', 'day', 'de')).toBe('02.05.2031');
    expect(periodText('2031-W18', 'week', 'en')).toBe('2031-W18');
  });
});
