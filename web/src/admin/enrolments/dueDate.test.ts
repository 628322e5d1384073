import { describe, expect, it } from 'vitest';
import { dateInputFromDueAt, dueAtFromDateInput, isPastDay } from './dueDate';

describe('due dates', () => {
  it('a chosen day is due at its local end, and reads back as the same day', () => {
    const iso = dueAtFromDateInput('2030-03-31');
    expect(iso).not.toBeNull();
    const due = new Date(iso!);
    expect([due.getFullYear(), due.getMonth(), due.getDate(), due.getHours(), due.getMinutes()]).toEqual([2030, 2, 31, 23, 59]);
    expect(dateInputFromDueAt(iso)).toBe('2030-03-31');
  });

  it('tells a day that is over from today and later (today is due at its end, so not past)', () => {
    const now = new Date(2030, 2, 31, 12, 0, 0);
    expect(isPastDay('2030-03-30', now)).toBe(true);
    expect(isPastDay('2030-03-31', now)).toBe(false);
    expect(isPastDay('2030-04-01', now)).toBe(false);
    expect(isPastDay('', now)).toBe(false);
  });

  it('a year below 100 stays that year (not 19xx)', () => {
    expect(dateInputFromDueAt(dueAtFromDateInput('0042-05-06'))).toBe('0042-05-06');
    expect(isPastDay('0099-12-31')).toBe(true);
  });

  it('an empty or malformed field means no due date', () => {
    expect(dueAtFromDateInput('')).toBeNull();
    expect(dueAtFromDateInput('31.03.2030')).toBeNull();
    expect(dateInputFromDueAt(null)).toBe('');
  });
});
