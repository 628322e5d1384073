import { describe, expect, it } from 'vitest';
import { guestMarked, inAWeek, isOverdue, missingOf, reviewInputOf, reviewProgress, waitsFor } from './reviewRequests';

const request = {
  dueAt: '2031-05-10T21:59:59.000Z',
  reviewers: [
    { id: 'ada', name: 'Ada', guest: false, doneAt: '2031-05-09T10:00:00Z' },
    { id: 'cole', name: 'cole@example.com', guest: true, doneAt: null },
  ],
};

describe('review requests', () => {
  it('marks a guest reviewer as a guest', () => {
    const t = (_key: string, options: { name: string }) => `${options.name} (guest)`;
    expect(request.reviewers.map((reviewer) => guestMarked(reviewer, t))).toEqual(['Ada', 'cole@example.com (guest)']);
  });

  it('counts the reviewers who are done', () => {
    expect(reviewProgress(request)).toEqual({ done: 1, total: 2 });
  });

  it('waits for a reviewer until they say they are done', () => {
    expect(waitsFor(request, 'cole')).toBe(true);
    expect(waitsFor(request, 'ada')).toBe(false);
    expect(waitsFor(request, 'somebody else')).toBe(false);
  });

  it('is overdue past its date while somebody still reviews', () => {
    expect(isOverdue(request, new Date('2031-05-10T12:00:00Z'))).toBe(false);
    expect(isOverdue(request, new Date('2031-05-11T00:00:00Z'))).toBe(true);
    expect(isOverdue({ ...request, reviewers: [request.reviewers[0]!] }, new Date('2031-05-11T00:00:00Z'))).toBe(false);
  });

  it('needs reviewers and a day before it is sent', () => {
    expect(missingOf({ reviewers: [], guests: [' '], dueOn: '', message: '' })).toEqual({ reviewers: true, dueOn: true });
    expect(missingOf({ reviewers: ['ada'], guests: [], dueOn: '2031-05-10', message: '' })).toEqual({ reviewers: false, dueOn: false });
    expect(missingOf({ reviewers: [], guests: ['grace@example.com'], dueOn: '2031-05-10', message: '' }).reviewers).toBe(false);
  });

  it('sends the end of the chosen local day and the message trimmed', () => {
    const input = reviewInputOf({ reviewers: ['ada'], guests: [' grace@example.com ', ''], dueOn: '2031-05-10', message: '  Please look at the intro.  ' });
    const due = new Date(input.dueAt);
    expect([due.getFullYear(), due.getMonth() + 1, due.getDate(), due.getHours()]).toEqual([2031, 5, 10, 23]);
    expect(input).toMatchObject({ reviewers: ['ada'], guests: [{ email: 'grace@example.com' }], message: 'Please look at the intro.' });
  });

  it('proposes the day a week ahead', () => {
    expect(inAWeek(new Date(2031, 11, 28, 15, 0))).toBe('2032-01-04');
  });
});
